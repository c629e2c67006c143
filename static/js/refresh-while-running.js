// Reload a page that asks for it with data-refresh-seconds (an import the worker is still reading).
// A file, not an inline script: the Content-Security-Policy allows scripts from this site only.
(function () {
  "use strict";
  var marker = document.querySelector("[data-refresh-seconds]");
  if (marker) {
    window.setTimeout(function () { window.location.reload(); }, 1000 * Number(marker.dataset.refreshSeconds));
  }
})();
