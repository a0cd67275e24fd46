// The form inside another site's frame (issue 16): tell the host page how tall the document
// is, so the frame can fit it (docs/embed.md), and open links in a new tab (a frame may show
// only the form itself). Without JavaScript the form still works; the frame keeps its height.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "klachtwijs:height", height: height }, "*");
    }
  }
  document.querySelectorAll("a[href]").forEach(function (link) {
    link.target = "_blank";
    link.rel = "noopener";
  });
  if ("ResizeObserver" in window) new ResizeObserver(report).observe(document.documentElement);
  window.addEventListener("load", report);
  report();
})();
