/* Progressive enhancement for the public pages. Everything works without this file. */
(function () {
  "use strict";
  // Move focus to the error summary so screen readers read it first.
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) { summary.focus(); }
})();
