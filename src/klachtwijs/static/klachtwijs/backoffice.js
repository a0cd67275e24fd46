/* The back office's lists and dossier page: keyboard shortcuts and htmx focus care.
   Loaded as a file (CSP script-src 'self'); every page works without it.

   j / k  on a list: move to the next / previous dossier link in the list (Enter opens it);
          on a dossier opened from a list: open the next / previous dossier of that list
          (the links marked data-kw-key). Never while typing in a field, never with Ctrl,
          Alt or Meta held. */
(function () {
  "use strict";

  function typing(target) {
    if (!target || !target.closest) return false;
    return !!target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']");
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.key !== "j" && event.key !== "k") return;
    if (typing(event.target)) return;
    var link = document.querySelector("a[data-kw-key='" + event.key + "']");
    if (link) {
      event.preventDefault();
      window.location.assign(link.href);
      return;
    }
    var links = Array.prototype.slice.call(
      document.querySelectorAll("[data-kw-rows] tbody th a")
    );
    if (!links.length) return;
    var at = links.indexOf(document.activeElement);
    var next = event.key === "j" ? at + 1 : at - 1;
    if (at === -1) next = event.key === "j" ? 0 : links.length - 1;
    if (next < 0 || next >= links.length) return;
    event.preventDefault();
    links[next].focus();
  });

  // An action's form opened in place (the dossier page's action panel): the focus goes to
  // its error summary when the form came back with errors, else to its heading. After the
  // action was done, htmx loads the dossier page again: the focus goes to its message.
  document.addEventListener("htmx:afterSwap", function (event) {
    var panel = document.getElementById("actie-paneel");
    if (panel && event.detail.target === panel) {
      var first = panel.querySelector("#foutmeldingen") || panel.querySelector("#actie-kop");
      if (first) first.focus();
      return;
    }
    if (event.detail.target === document.body) {
      var message = document.querySelector("main .messages, main h1");
      if (message) {
        if (!message.hasAttribute("tabindex")) message.setAttribute("tabindex", "-1");
        message.focus();
      }
    }
  });

  // After htmx replaced the list: tell screen readers the new count, and after a tab or a
  // page link (whose link is gone now) put the focus on the list's heading.
  document.addEventListener("htmx:afterSwap", function (event) {
    var region = document.getElementById("lijst");
    if (!region || event.detail.target !== region) return;
    var heading = document.getElementById("lijst-kop");
    var status = document.getElementById("lijst-status");
    if (status && heading) status.textContent = heading.textContent;
    var from = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (heading && from && from.closest && from.closest(".kw-tabs, .pagination")) {
      heading.focus();
    }
  });
})();
