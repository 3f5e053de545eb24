/* Queue pages (motcua.counter): the public display and a waiting ticket reload themselves every N seconds
   (data-refresh="N" on the page's section). A static file, not an inline script: the Content-Security-Policy
   runs scripts from this origin only. The reload keeps the scroll position and skips while the tab is hidden. */
(function () {
  "use strict";
  function start() {
    var box = document.querySelector("[data-refresh]");
    if (!box) return;
    var seconds = parseInt(box.getAttribute("data-refresh"), 10);
    if (!(seconds >= 5)) seconds = 10;
    window.setInterval(function () {
      if (document.visibilityState === "hidden") return;
      window.location.reload();
    }, seconds * 1000);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
