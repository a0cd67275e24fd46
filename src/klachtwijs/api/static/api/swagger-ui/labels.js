"use strict";
// Names for the few Swagger UI controls that render without one (axe: select-name, button-name;
// label; issue 18): a parameter's list or field is named after its parameter, the request body's
// text area and the dialog's close button say what they are (texts from the page, gettext). Swagger UI renders on demand, so
// every change to the page is looked at.
(function () {
  const texts = document.currentScript.dataset;
  const name = () => {
    const fields = "tr[data-param-name] :is(select, input, textarea):not([aria-label])";
    document.querySelectorAll(fields).forEach((field) => {
      const row = field.closest("tr[data-param-name]");
      field.setAttribute("aria-label", row.getAttribute("data-param-name"));
    });
    document.querySelectorAll(".swagger-ui .body-param textarea:not([aria-label])").forEach((area) => {
      area.setAttribute("aria-label", texts.body);
    });
    document.querySelectorAll(".swagger-ui .close-modal:not([aria-label])").forEach((button) => {
      button.setAttribute("aria-label", texts.close);
    });
  };
  new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
  name();
})();
