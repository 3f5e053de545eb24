/* Page behaviour that used to live in inline scripts and on*= attributes: the Content-Security-Policy
   (docs/security.md) runs scripts from this origin only, so pages carry data attributes and this file acts. */
(function () {
  "use strict";

  // <button data-print>: open the browser's print dialogue (receipts, checklists, printable forms).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) { event.preventDefault(); window.print(); }
  });

  // Counter intake: ↑ ↓ move through the procedure results, Enter opens the highlighted one.
  function intakeKeys() {
    var box = document.getElementById("cs-proc-q"), list = document.getElementById("cs-proc-results");
    if (!box || !list) return;
    function items() { return Array.prototype.slice.call(list.querySelectorAll("li")); }
    function move(step) {
      var all = items(); if (!all.length) return;
      var i = all.findIndex(function (li) { return li.classList.contains("active"); });
      all.forEach(function (li) { li.classList.remove("active"); li.setAttribute("aria-selected", "false"); });
      i = (i + step + all.length) % all.length;
      all[i].classList.add("active"); all[i].setAttribute("aria-selected", "true");
      all[i].scrollIntoView({block: "nearest"});
    }
    box.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
      else if (e.key === "Enter") {
        var active = list.querySelector("li.active a");
        if (active) { e.preventDefault(); window.location.href = active.href; }
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", intakeKeys);
  else intakeKeys();
})();
