/* SPDX-License-Identifier: EUPL-1.2 */
/* Asisten Balai widget: progressive enhancement only (the form works without it).
   After an answer: clear and refocus the input, keep the newest turn in view.
   Opening the widget focuses the input; Escape closes it and returns to the button. */
(function () {
  "use strict";

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail && event.detail.elt;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-chat-form")) {
      return;
    }
    if (event.detail.successful) {
      form.reset();
    }
    var input = form.querySelector("input[name=text]");
    if (input) {
      input.focus();
    }
    var log = document.getElementById(form.getAttribute("hx-target").slice(1));
    if (log) {
      log.scrollTop = log.scrollHeight;
    }
  });

  document.addEventListener("toggle", function (event) {
    var widget = event.target;
    if (widget.matches && widget.matches("[data-chat-widget]") && widget.open) {
      /* load the conversation so far (once per page) */
      widget.dispatchEvent(new CustomEvent("assistant:open"));
      var input = widget.querySelector("input[name=text]");
      if (input) {
        input.focus();
      }
    }
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var widget = document.querySelector("[data-chat-widget][open]");
    if (widget && widget.contains(document.activeElement)) {
      widget.open = false;
      widget.querySelector("summary").focus();
    }
  });
})();
