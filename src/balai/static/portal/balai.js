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

  /* The site menu (<details>) works without this; here it lies open on wide screens
     (where its button is hidden) and Escape folds it on phones. */
  var menu = document.querySelector("[data-site-menu]");
  if (menu && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 60em)");
    var sync = function () { menu.open = wide.matches; };
    menu.classList.add("site-menu--js");
    sync();
    if (wide.addEventListener) { wide.addEventListener("change", sync); } else { wide.addListener(sync); }
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open && !wide.matches) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  }
})();
