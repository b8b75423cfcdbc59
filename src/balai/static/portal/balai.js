/* SPDX-License-Identifier: EUPL-1.2 */
/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";

  /* <form data-confirm="Question?"> asks before submitting (plain forms; htmx
     elements use hx-confirm). */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  /* Move focus to an error summary so screen readers announce it. */
  function focusErrorSummary(root) {
    var summary = root && root.querySelector ? root.querySelector("[data-error-summary]") : null;
    if (summary) {
      summary.focus();
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    focusErrorSummary(event.target);
  });
})();
