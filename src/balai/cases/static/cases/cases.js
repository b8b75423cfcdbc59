/* SPDX-License-Identifier: EUPL-1.2 */
/* Progressive enhancement of the cases pages; every page works without it. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    /* the receipt's print button (hidden without JavaScript) */
    var print = document.querySelector("[data-cases-print]");
    if (print) {
      print.hidden = false;
      print.addEventListener("click", function () { window.print(); });
    }
  });
  /* a submit button marked data-cases-once is disabled after the first click; the
     server is idempotent anyway (the form carries a token) */
  document.addEventListener("submit", function (event) {
    var button = event.target.querySelector("[data-cases-once]");
    if (button) {
      window.setTimeout(function () { button.disabled = true; }, 0);
    }
  });
})();
