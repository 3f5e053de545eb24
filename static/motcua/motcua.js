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

  // Every page: the header menu folds on phones, wide tables scroll in a focusable box, the first field in
  // error takes the focus (moved from an inline script of base.html for the Content-Security-Policy).
  function pageChrome() {
    // Phones: the header menu folds behind a "Menu" button (without JavaScript it stays open).
    var toggle = document.querySelector(".menu-toggle"), nav = document.getElementById("main-nav");
    if (toggle && nav) {
      toggle.hidden = false; nav.classList.add("collapsible");
      toggle.addEventListener("click", function () {
        var open = nav.classList.toggle("open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
    // A table wider than the screen scrolls inside its box: the box takes the keyboard focus so it can be
    // scrolled without a mouse, and is announced by the table's caption or the nearest heading.
    function scrollableTables() {
      Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (box) {
        if (box.scrollWidth > box.clientWidth + 1) {
          var caption = box.querySelector("caption"), section = box.closest("section, article, main");
          var heading = section && section.querySelector("h1, h2, h3");
          box.tabIndex = 0; box.setAttribute("role", "region");
          box.setAttribute("aria-label", (caption || heading || {}).textContent ? (caption || heading).textContent.trim() : document.title);
        } else if (box.getAttribute("role") === "region") {
          box.removeAttribute("tabindex"); box.removeAttribute("role"); box.removeAttribute("aria-label");
        }
      });
    }
    scrollableTables(); window.addEventListener("resize", scrollableTables);
    // A form sent back with errors: the first field in error takes the focus (its message is linked to it).
    var bad = document.querySelector("main [aria-invalid=true], main .has-error input:not([type=hidden]), main .has-error select, main .has-error textarea");
    if (bad) { bad.focus(); }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", pageChrome);
  else pageChrome();

  // Main menu groups (<details> in core/_main_nav.html; they open and close without JavaScript). Here: one group
  // open at a time, Escape closes it and gives the focus back to its title, ↓ ↑ move through its links, a click
  // or the focus elsewhere closes it; on a phone the page's own group opens with the menu.
  function navMenus() {
    var nav = document.getElementById("main-nav");
    if (!nav) return;
    var groups = Array.prototype.slice.call(nav.querySelectorAll("details.nav-group"));
    function closeAll(except) { groups.forEach(function (g) { if (g !== except) g.open = false; }); }
    function links(group) { return Array.prototype.slice.call(group.querySelectorAll(".nav-menu a, .nav-menu button")); }
    function phone() { return window.matchMedia("(max-width: 719px)").matches; }
    groups.forEach(function (group) {
      group.addEventListener("toggle", function () { if (group.open && !phone()) closeAll(group); });
      group.addEventListener("keydown", function (e) {
        var summary = group.querySelector("summary"), items = links(group), i = items.indexOf(document.activeElement);
        if (e.key === "Escape" && group.open) { e.preventDefault(); group.open = false; summary.focus(); }
        else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
          if (!items.length) return;
          e.preventDefault(); group.open = true;
          var step = e.key === "ArrowDown" ? 1 : -1;
          var next = i < 0 ? (step > 0 ? 0 : items.length - 1) : (i + step + items.length) % items.length;
          items[next].focus();
        }
      });
      group.addEventListener("focusout", function (e) {
        if (!phone() && group.open && e.relatedTarget && !group.contains(e.relatedTarget)) group.open = false;
      });
    });
    document.addEventListener("click", function (e) { if (!phone() && !nav.contains(e.target)) closeAll(null); });
    var toggle = document.querySelector(".menu-toggle");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var current = nav.querySelector("details.nav-group > summary[aria-current]");
        if (nav.classList.contains("open") && current) current.parentNode.open = true;
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", navMenus);
  else navMenus();

  // Feedback form (PAKN): filter the unit list as one types (moved from an inline script of feedback_send.html).
  function feedbackUnitFilter() {
    // Filter the unit list as one types, accents ignored ("hong gai" finds "Hồng Gai").
    var box = document.getElementById("unit-filter"), select = document.getElementById("id_unit");
    if (!box || !select) return;
    box.parentNode.hidden = false;
    function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase(); }
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/\s+/).filter(Boolean), first = null;
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        var shown = 0;
        Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
          var text = fold(group.label + " " + option.textContent);
          var match = words.every(function (w) { return text.indexOf(w) >= 0; });
          option.hidden = !match; if (match) { shown++; first = first || option; }
        });
        group.hidden = !shown;
      });
      if (first && words.length) { select.value = first.value; }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", feedbackUnitFilter);
  else feedbackUnitFilter();

  // File inputs in <div data-file-pick> (the documents of the online submission and of a supplement): the
  // browser's own text beside the input ("No file chosen", in the browser's language, and wrong when a paper of
  // the personal data store is chosen instead) is hidden; a "Chọn tệp" button (a <label> of the input) and a line
  // that says what was chosen take its place. The input itself stays in the page and takes the keyboard focus
  // (Space or Enter opens the file chooser; its focus ring is drawn on the button). data-stored names the stored
  // papers' <select> (one or the other: choosing one clears the file picked, picking a file clears the choice) or
  // their checkboxes' box (both may go together). Texts: data-t-file-* on an ancestor. Without JavaScript the
  // browser's own input stays as it is.
  function filePickers() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-file-pick]"), function (pick) {
      var input = pick.querySelector("input[type=file]");
      var button = pick.querySelector(".file-pick-button");
      var status = pick.querySelector(".file-pick-status");
      if (!input || !button || !status) return;
      var texts = pick.closest("[data-t-file-none]") || pick;
      function t(key) { return texts.getAttribute("data-t-file-" + key) || ""; }
      var stored = pick.getAttribute("data-stored") ? document.getElementById(pick.getAttribute("data-stored")) : null;
      var single = Boolean(stored && stored.tagName === "SELECT");
      pick.classList.add("enhanced");
      button.hidden = false;
      status.hidden = false;
      var described = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      if (described.indexOf(status.id) < 0) described.unshift(status.id);
      input.setAttribute("aria-describedby", described.join(" "));
      function storedChoice() {
        if (!stored) return "";
        if (single) return stored.value ? stored.options[stored.selectedIndex].textContent.trim() : "";
        return Array.prototype.filter.call(stored.querySelectorAll("input[type=checkbox]"), function (c) { return c.checked; })
          .map(function (c) { var label = c.closest("label"); return (label ? label.textContent : c.value).trim(); }).join(", ");
      }
      function show() {
        var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
        var choice = storedChoice();
        var parts = [];
        if (names.length) parts.push(t("one").replace("{name}", names.join(", ")));
        if (choice) parts.push(t("stored").replace("{name}", choice));
        status.textContent = parts.length ? parts.join(" · ") : t("none");
        pick.classList.toggle("chosen", parts.length > 0);
      }
      input.addEventListener("change", function () {
        if (single && input.files && input.files.length && stored.value) stored.value = "";
        show();
      });
      if (stored) {
        stored.addEventListener("change", function () {
          if (single && stored.value && input.value) input.value = "";
          show();
        });
      }
      if (input.form) input.form.addEventListener("reset", function () { window.setTimeout(show, 0); });
      show();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", filePickers);
  else filePickers();
  // Outreach intake (motcua/outreach, intake.js) keeps dossiers filled in offline on the laptop, encrypted, one
  // queue per session and officer: "motcua.outreach.<session>.<officer>.vault" (ciphertext), ".inbox" (dossiers
  // received while the queue was locked, sealed to its public key) and ".pending" (a count) in localStorage, the
  // wrapped keys and scans in IndexedDB "motcua-outreach". Signing out (any page) erases all
  // of it, after the sign-out page has said how many dossiers were not sent; a page signed in as another person
  // erases the other officers' queues and says how many were not sent (docs/onestop.md, "Offline intake and
  // sign-out"). Other tabs hear it through the "motcua.outreach.erased" storage event.
  var OUTREACH_KEY = /^motcua\.outreach\.(\d+)\.(\d+)\.(vault|pending|queue|sent|inbox)$/;
  function outreachQueues() {
    var found = {};
    try {
      Object.keys(window.localStorage).forEach(function (k) {
        var m = OUTREACH_KEY.exec(k);
        if (!m) return;
        var queue = "motcua.outreach." + m[1] + "." + m[2];
        found[queue] = found[queue] || { user: m[2], n: 0 };
        if (m[3] === "pending") found[queue].n = parseInt(window.localStorage.getItem(k), 10) || 0;
      });
    } catch (e) { /* no storage */ }
    return found;
  }
  function outreachWaiting(queues) {
    return Object.keys(queues).reduce(function (n, q) { return n + queues[q].n; }, 0);
  }
  function outreachErase(names, why) {  // names: the queues to erase, or null for all of them
    var all = names === null;
    window.localStorage.setItem("motcua.outreach.erased", why + ":" + Date.now());  // first: other tabs hear why
    Object.keys(window.localStorage).forEach(function (k) {
      var m = OUTREACH_KEY.exec(k);
      if (all ? k.indexOf("motcua.outreach.") === 0 : m && names.indexOf("motcua.outreach." + m[1] + "." + m[2]) >= 0) {
        window.localStorage.removeItem(k);
      }
    });
    window.localStorage.removeItem("motcua.outreach.erased");
    var stores = new Promise(function (resolve) {
      if (!window.indexedDB) { resolve(); return; }
      var open = window.indexedDB.open("motcua-outreach");
      open.onerror = function () { resolve(); };
      open.onsuccess = function () {
        var db = open.result;
        var present = ["keys", "files"].filter(function (n) { return db.objectStoreNames.contains(n); });
        if (!present.length) { db.close(); resolve(); return; }
        var tx = db.transaction(present, "readwrite");
        present.forEach(function (storeName) {
          var store = tx.objectStore(storeName);
          if (all) { store.clear(); return; }
          store.openCursor().onsuccess = function (event) {
            var cursor = event.target.result;
            if (!cursor) return;
            var key = String(cursor.key);
            if (names.some(function (n) { return key === n || key.indexOf(n + "|") === 0; })) cursor.delete();
            cursor.continue();
          };
        });
        tx.oncomplete = tx.onerror = tx.onabort = function () { db.close(); resolve(); };
      };
    });
    var copies = all && window.caches ? window.caches.keys().then(function (keys) {  // the pages kept offline
      return Promise.all(keys.filter(function (k) { return k.indexOf("motcua-outreach-") === 0; })
        .map(function (k) { return window.caches.delete(k); }));
    }) : Promise.resolve();
    var done = Promise.all([stores, copies]).catch(function () {});
    // Never keep someone from signing out: after 3 s the form goes whatever the browser still does.
    return Promise.race([done, new Promise(function (resolve) { window.setTimeout(resolve, 3000); })]);
  }
  function outreachSignOut() {
    var queues = outreachQueues();
    var waiting = outreachWaiting(queues);
    var unsent = document.getElementById("sign-out-unsent");  // the sign-out page
    if (unsent && waiting) {
      unsent.textContent = unsent.getAttribute("data-t").replace("{n}", waiting);
      unsent.hidden = false;
    }
    document.querySelectorAll("form[data-sign-out]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!form.hasAttribute("data-sign-out-confirmed") && outreachWaiting(outreachQueues())) {
          // Dossiers still wait: the sign-out page says how many and asks to confirm.
          window.location.assign(form.getAttribute("data-sign-out") + "?next=" +
            encodeURIComponent(window.location.pathname + window.location.search));
          return;
        }
        outreachErase(null, "sign-out").then(function () { form.submit(); }, function () { form.submit(); });
      });
    });
    // Signed in as someone else than the officer a queue belongs to: that queue is erased, unread.
    var header = document.querySelector("form[data-sign-out][data-user]");
    if (!header) return;
    var me = header.getAttribute("data-user");
    var others = Object.keys(queues).filter(function (q) { return queues[q].user !== me; });
    if (!others.length) return;
    var lost = others.reduce(function (n, q) { return n + queues[q].n; }, 0);
    outreachErase(others, "other");
    var main = document.getElementById("main");
    if (lost && main) {
      var notice = document.createElement("p");
      notice.className = "message warning";
      notice.setAttribute("role", "alert");
      notice.setAttribute("data-testid", "outreach-purged");
      notice.textContent = header.getAttribute("data-t-purged").replace("{n}", lost);
      main.insertBefore(notice, main.firstChild);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", outreachSignOut);
  else outreachSignOut();
})();
