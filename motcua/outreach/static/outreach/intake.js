/* Intake at an outreach session (motcua.outreach): an offline queue for a laptop without a steady connection.

   Every dossier filled in goes first into a queue kept in localStorage (per session and officer), with a key
   made here (a random UUID), then is sent to the server when the browser is online: at once, when the `online`
   event fires, on the "Gửi lại" button, and every 30 s while something waits. The server receives a key once
   and answers a replay with the same dossier, so a send whose answer was lost is simply sent again: nothing is
   lost (the entry leaves the queue only on the server's answer) and nothing is doubled.
   Personal data on the laptop (issue 21 part 6): the queue and the short list of sent dossiers are kept in one
   blob encrypted with AES-GCM (WebCrypto); the key is a non-extractable CryptoKey kept in IndexedDB, never in
   localStorage and never readable as bytes by a script. An entry leaves the blob as soon as the server received
   it; the list of sent dossiers keeps 20 at most, for 12 hours. Without WebCrypto or IndexedDB nothing is written to the
   disk: the queue lives only while the page is open, and the page says so. A queue written in plain text by an
   earlier version is read once, re-encrypted and its plain copy removed. Scans attached to a dossier are kept
   the same way (each file encrypted with the same key, in IndexedDB under "<queue name>|<entry key>"), each with
   the required document (thành phần hồ sơ) it was attached to, sent with it in the same request as
   `file_<document id>` (so the server's key claim covers them: their SHA-256 is part of the request hash), and
   dropped with it.
   Bound to one officer (docs/onestop.md, "Offline intake and sign-out"): the queue's name holds the session and
   the officer's id, the key is stored under that name, and the name is the AES-GCM additional data of every
   ciphertext. Before sending, the page asks the server who is signed in (/luu-dong/phien/): signed out (401) →
   nothing is sent and the queue is kept for the same officer; another officer → nothing is sent, the queue
   and its key are erased and the page says how many dossiers were not sent. The server refuses too (409
   other_officer) when the officer id sent with an entry is not the signed-in one. Signing out (any page) is
   handled by motcua.js: the sign-out page warns with the number of dossiers not sent, then erases the queues
   and keys of this laptop; this page hears it (storage event) and drops what it holds in memory. The count of
   waiting dossiers (a number only) is kept in plain text as "<queue name>.pending" for that warning.
   CSRF: the token is read from the csrftoken cookie at send time (falling back to the form's hidden input), so
   a sign-in in another tab renews it; a 401 or a 403 page (a stale token) keeps the queue and asks the officer
   to sign in again. A refusal of the input (400/409 with JSON) keeps the entry, shows the reason and offers to
   correct or discard it. A static file, not an inline script: the Content-Security-Policy runs scripts from
   this origin only. Texts come translated from the page's data-t-* attributes. A service worker (/luu-dong/sw.js)
   keeps a copy of the page and its static files, so a reload without a connection still opens it. */
(function () {
  "use strict";

  function uuid4() {
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function start() {
    var box = document.getElementById("outreach-queue");
    if (!box) return;
    var form = document.getElementById("outreach-form");
    var name = box.getAttribute("data-queue-name");
    var endpoint = box.getAttribute("data-endpoint");
    var countEl = document.getElementById("outreach-count");
    var netEl = document.getElementById("outreach-net");
    var authEl = document.getElementById("outreach-auth");
    var pendingEl = document.getElementById("outreach-pending");
    var sentEl = document.getElementById("outreach-sent");
    var sending = false;
    var carried = null;
    var me = box.getAttribute("data-officer") || "";
    var whoUrl = box.getAttribute("data-who");
    var erasedEl = document.getElementById("outreach-erased");
    var aad = new TextEncoder().encode(name);  // binds every ciphertext to this session and officer

    function t(key) { return box.getAttribute("data-t-" + key) || ""; }

    var SENT_KEEP = 20;
    var SENT_HOURS = 12;
    var state = { queue: [], sent: [] };
    var vaultKey = null;
    var writing = Promise.resolve();
    var privacyEl = document.getElementById("outreach-privacy");

    function load(suffix) { return suffix === ".sent" ? state.sent : state.queue; }
    function save(suffix, items) {
      if (suffix === ".sent") state.sent = items; else state.queue = items;
      persist();
    }
    function count() {  // the number of dossiers waiting, in plain text, for the sign-out page's warning
      try {
        if (state.queue.length) window.localStorage.setItem(name + ".pending", String(state.queue.length));
        else window.localStorage.removeItem(name + ".pending");
      } catch (e) { /* storage full */ }
    }

    function b64(bytes) {
      var text = "";
      new Uint8Array(bytes).forEach(function (x) { text += String.fromCharCode(x); });
      return window.btoa(text);
    }
    function unb64(text) {
      return Uint8Array.from(window.atob(text), function (c) { return c.charCodeAt(0); });
    }

    // IndexedDB "motcua-outreach": "keys" (the vault key per queue, a non-extractable CryptoKey) and "files"
    // (the scans of each queued dossier, encrypted with the same key, by the entry's key).
    function idb(storeName, mode, work) {
      return new Promise(function (resolve, reject) {
        var open = window.indexedDB.open("motcua-outreach", 2);
        open.onupgradeneeded = function () {
          ["keys", "files"].forEach(function (n) {
            if (!open.result.objectStoreNames.contains(n)) open.result.createObjectStore(n);
          });
        };
        open.onerror = function () { reject(open.error); };
        open.onsuccess = function () {
          var db = open.result;
          var tx = db.transaction(storeName, mode);
          var request = work(tx.objectStore(storeName));
          tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
          tx.onerror = function () { db.close(); reject(tx.error); };
        };
      });
    }
    function keyStore(mode, work) { return idb("keys", mode, work); }

    // Scans: [{file, doc}] where doc is the required document's id ("" for a scan queued by an earlier version).
    var memoryFiles = {};  // without a vault: the scans stay in memory only
    function fileKey(key) { return name + "|" + key; }
    async function filesPut(key, scans) {
      if (!scans.length) return 0;
      if (!vaultKey) { memoryFiles[key] = scans; return scans.length; }
      var sealed = [];
      for (var i = 0; i < scans.length; i++) {
        var iv = window.crypto.getRandomValues(new Uint8Array(12));
        var data = await window.crypto.subtle.encrypt(
          { name: "AES-GCM", iv: iv, additionalData: aad }, vaultKey, await scans[i].file.arrayBuffer());
        sealed.push({ name: scans[i].file.name, type: scans[i].file.type, doc: scans[i].doc, iv: iv, data: data });
      }
      await idb("files", "readwrite", function (store) { return store.put(sealed, fileKey(key)); });
      return scans.length;
    }
    async function filesGet(key) {
      if (!vaultKey) return memoryFiles[key] || [];
      var sealed = (await idb("files", "readonly", function (store) { return store.get(fileKey(key)); })) || [];
      var out = [];
      for (var i = 0; i < sealed.length; i++) {
        var plain = await window.crypto.subtle.decrypt(
          { name: "AES-GCM", iv: sealed[i].iv, additionalData: aad }, vaultKey, sealed[i].data);
        out.push({ file: new File([plain], sealed[i].name, { type: sealed[i].type }), doc: sealed[i].doc || "" });
      }
      return out;
    }
    function filesDrop(key) {
      delete memoryFiles[key];
      if (vaultKey) idb("files", "readwrite", function (store) { return store.delete(fileKey(key)); }).catch(function () {});
    }

    async function openVault() {
      if (!window.crypto || !window.crypto.subtle || !window.indexedDB) return null;
      var key = await keyStore("readonly", function (store) { return store.get(name); });
      if (!key) {
        key = await window.crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
        await keyStore("readwrite", function (store) { return store.put(key, name); });
      }
      return key;
    }

    async function readVault() {
      var raw = window.localStorage.getItem(name + ".vault");
      if (!raw || !vaultKey) return { queue: [], sent: [] };
      var box = JSON.parse(raw);
      var plain = await window.crypto.subtle.decrypt(
        { name: "AES-GCM", iv: unb64(box.iv), additionalData: aad }, vaultKey, unb64(box.data));
      return JSON.parse(new TextDecoder().decode(plain));
    }

    function fresh(sent) {
      var since = Date.now() - SENT_HOURS * 3600 * 1000;
      return sent.filter(function (s) { return s.at && Date.parse(s.at) > since; }).slice(0, SENT_KEEP);
    }

    function persist() {
      count();
      if (!vaultKey) return;
      var snapshot = JSON.stringify({ queue: state.queue, sent: fresh(state.sent) });
      writing = writing.then(async function () {
        if (!vaultKey) return;
        var iv = window.crypto.getRandomValues(new Uint8Array(12));
        var data = await window.crypto.subtle.encrypt(
          { name: "AES-GCM", iv: iv, additionalData: aad }, vaultKey, new TextEncoder().encode(snapshot));
        try {
          window.localStorage.setItem(name + ".vault", JSON.stringify({ iv: b64(iv), data: b64(data) }));
        } catch (e) { /* storage full: the queue stays in memory while the page is open */ }
      }).catch(function () { /* memory only */ });
    }

    // What this page holds in memory goes; `message` (with {n}) says how many dossiers were not sent.
    var vaultGone = false;  // erased under this page: a fresh key is made for the next dossier filled in
    function forget(message, n) {
      state = { queue: [], sent: [] };
      vaultKey = null;
      vaultGone = true;
      memoryFiles = {};
      carried = null;
      authEl.hidden = true;
      if (erasedEl && message && n) {  // several storage events may tell the same erasure: the first one counts
        erasedEl.textContent = message.replace("{n}", n);
        erasedEl.hidden = false;
      }
      render();
    }

    // Another officer is signed in: erase this officer's queue, its scans and its key from the laptop.
    async function purgeMine() {
      var n = queue().length;
      var keys = queue().map(function (e) { return fileKey(e.key); });
      forget(t("other-officer"), n);
      [".vault", ".pending", ".queue", ".sent"].forEach(function (suffix) { window.localStorage.removeItem(name + suffix); });
      try {
        await idb("files", "readwrite", function (store) { keys.forEach(function (k) { store.delete(k); }); });
        await keyStore("readwrite", function (store) { return store.delete(name); });
      } catch (e) { /* nothing kept */ }
    }

    // Who is signed in now: "me", "out" (signed out or unreachable sign-in), "other", or "offline".
    async function whoIsSignedIn() {
      var response;
      try {
        response = await window.fetch(whoUrl, { credentials: "same-origin", redirect: "manual", cache: "no-store",
          headers: { Accept: "application/json" } });
      } catch (e) { return "offline"; }
      if (response.status === 401 || response.type === "opaqueredirect") return "out";
      var json = null;
      try { json = await response.json(); } catch (e) { json = null; }
      if (!json || !json.ok) return "offline";
      return String(json.user) === me ? "me" : "other";
    }

    async function openState() {
      var early = state;  // what was filled in while the vault was opening
      try { vaultKey = await openVault(); } catch (e) { vaultKey = null; }
      if (vaultKey) {
        try { state = await readVault(); } catch (e) {
          state = { queue: [], sent: [] };  // not readable with this officer's key: dropped, never shown
          window.localStorage.removeItem(name + ".vault");
        }
        state.queue = (state.queue || []).concat(early.queue);
        state.sent = early.sent.concat(state.sent || []);
        if (early.queue.length || early.sent.length) persist();
      }
      state.sent = fresh(state.sent || []);
      var legacy = [".queue", ".sent"].map(function (suffix) {
        try { return JSON.parse(window.localStorage.getItem(name + suffix) || "[]"); } catch (e) { return []; }
      });
      if (legacy[0].length || legacy[1].length) {
        state.queue = state.queue.concat(legacy[0]);
        window.localStorage.removeItem(name + ".queue");
        window.localStorage.removeItem(name + ".sent");
        persist();
      }
    }

    function queue() { return load(".queue"); }

    function token() {
      var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      if (m) return decodeURIComponent(m[1]);
      var input = document.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }

    function procedureName(entry) {
      var id = "";
      entry.fields.forEach(function (f) { if (f[0] === "procedure") id = f[1]; });
      var option = form ? form.querySelector("select[name=procedure] option[value='" + id + "']") : null;
      return option ? option.textContent : "";
    }
    function applicant(entry) {
      var v = "";
      entry.fields.forEach(function (f) { if (f[0] === "applicant_name") v = f[1]; });
      return v;
    }

    function render() {
      var items = queue();
      var n = items.length;
      countEl.textContent = n ? t("waiting").replace("{n}", n) : t("none");
      if (privacyEl) {
        var oldest = items.reduce(function (m, e) { return Math.min(m, Date.parse(e.filled_at) || Date.now()); }, Date.now());
        var text = vaultKey || vaultGone ? t("private") : t("no-vault");
        if (n && Date.now() - oldest > 24 * 3600 * 1000) text += " " + t("old");
        privacyEl.textContent = text;
        privacyEl.hidden = !n && Boolean(vaultKey || vaultGone);
      }
      netEl.textContent = navigator.onLine ? t("online") : t("offline");
      pendingEl.textContent = "";
      items.forEach(function (entry) {
        var li = document.createElement("li");
        li.textContent = applicant(entry) + " — " + procedureName(entry) +
          (entry.files ? " (" + t("files").replace("{n}", entry.files) + ")" : "");
        if (entry.state === "refused") {
          var why = document.createElement("strong");
          why.className = "field-error";
          why.textContent = " " + t("refused") + ": " + entry.message + " ";
          li.appendChild(why);
          var edit = document.createElement("button");
          edit.type = "button";
          edit.className = "link-button";
          edit.textContent = t("edit");
          edit.addEventListener("click", function () { correct(entry.key); });
          li.appendChild(edit);
          li.appendChild(document.createTextNode(" · "));
          var drop = document.createElement("button");
          drop.type = "button";
          drop.className = "link-button";
          drop.textContent = t("discard");
          drop.addEventListener("click", function () {
            if (window.confirm(t("confirm-discard"))) remove(entry.key);
          });
          li.appendChild(drop);
        }
        pendingEl.appendChild(li);
      });
      sentEl.textContent = "";
      load(".sent").forEach(function (s) {
        var li = document.createElement("li");
        li.textContent = t("sent").replace("{code}", s.code).replace("{name}", s.applicant);
        sentEl.appendChild(li);
      });
    }

    function remove(key, keepFiles) {
      save(".queue", queue().filter(function (e) { return e.key !== key; }));
      if (!keepFiles) filesDrop(key);
      render();
    }

    function update(key, change) {
      save(".queue", queue().map(function (e) { return e.key === key ? Object.assign(e, change) : e; }));
    }

    function correct(key) {
      var entry = queue().filter(function (e) { return e.key === key; })[0];
      if (!entry || !form) return;
      form.reset();
      form.querySelectorAll("input[type=checkbox]").forEach(function (c) { c.checked = false; });
      entry.fields.forEach(function (f) {
        var el = form.querySelector("[name='" + f[0] + "']" + (f[0] === "presented" ? "[value='" + f[1] + "']" : ""));
        if (!el || el.type === "file") return;
        if (el.type === "checkbox") el.checked = true;
        else el.value = f[1];
      });
      carried = entry.files ? key : null;  // the scans go with the corrected entry (a file input cannot be refilled)
      remove(key, Boolean(carried));
      showDocuments();
      form.querySelector("[name=applicant_name]").focus();
    }

    function sent(entry, dossier) {
      var list = load(".sent");
      list.unshift({ code: dossier.code, applicant: dossier.applicant, at: new Date().toISOString() });
      state.sent = fresh(list);
      remove(entry.key);
    }

    async function send(entry) {
      var body = new FormData();
      entry.fields.forEach(function (f) { body.append(f[0], f[1]); });
      if (entry.files) {
        (await filesGet(entry.key)).forEach(function (scan) {
          body.append(scan.doc ? "file_" + scan.doc : "files", scan.file, scan.file.name);
        });
      }
      body.append("officer", me);
      body.append("key", entry.key);
      body.append("from_queue", entry.queued ? "1" : "0");
      body.append("filled_at", entry.filled_at);
      return window.fetch(endpoint, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": token(), Accept: "application/json" }
      });
    }

    async function flush() {
      if (sending || !navigator.onLine) { render(); return; }
      sending = true;
      netEl.textContent = t("sending");
      try {
        var items = queue().filter(function (e) { return e.state !== "refused"; });
        if (!items.length) return;
        var who = await whoIsSignedIn();
        if (who === "out") { authEl.hidden = false; return; }
        if (who === "other") { await purgeMine(); return; }
        if (who === "offline") return;
        for (var i = 0; i < items.length; i++) {
          var entry = items[i];
          if (!queue().some(function (e) { return e.key === entry.key; })) break;  // erased meanwhile
          var response;
          try {
            response = await send(entry);
          } catch (e) {
            update(entry.key, { queued: true });
            break;
          }
          var json = null;
          if ((response.headers.get("Content-Type") || "").indexOf("application/json") === 0) {
            try { json = await response.json(); } catch (e) { json = null; }
          }
          if ((response.status === 200 || response.status === 201) && json && json.ok) {
            authEl.hidden = true;
            sent(entry, json.dossier);
          } else if (response.status === 401 || response.type === "opaqueredirect" || (response.status === 403 && !json)) {
            authEl.hidden = false;
            update(entry.key, { queued: true });
            break;
          } else if (json && json.code === "other_officer") {
            await purgeMine();
            break;
          } else if (json && !json.ok) {
            update(entry.key, { state: "refused", message: json.message });
          } else {
            update(entry.key, { queued: true });
            break;
          }
        }
      } finally {
        sending = false;
        render();
      }
    }

    function showDocuments() {
      if (!form) return;
      var chosen = form.querySelector("select[name=procedure]").value;
      form.querySelectorAll("fieldset[data-procedure]").forEach(function (fs) {
        var mine = fs.getAttribute("data-procedure") === chosen;
        fs.hidden = !mine;
        if (!mine) fs.querySelectorAll("input[type=checkbox]").forEach(function (c) { c.checked = false; });
        if (!mine) fs.querySelectorAll("input[type=file]").forEach(function (f) { f.value = ""; });
      });
    }

    // A fresh key for each page load: a copy of the page kept by the service worker must not reuse its key.
    if (form) form.querySelector("input[name=key]").value = uuid4();
    if ("serviceWorker" in navigator && box.getAttribute("data-service-worker")) {
      navigator.serviceWorker.register(box.getAttribute("data-service-worker"), {
        scope: box.getAttribute("data-scope")
      }).catch(function () { /* the page still works; only the offline copy is missing */ });
    }

    if (form) {
      form.querySelector("select[name=procedure]").addEventListener("change", showDocuments);
      showDocuments();
      form.addEventListener("submit", async function (event) {
        event.preventDefault();
        if (!form.reportValidity()) return;
        var keyInput = form.querySelector("input[name=key]");
        var files = [];  // each scan with the required document it was attached beside
        form.querySelectorAll("fieldset[data-procedure]:not([hidden]) input[type=file][data-document]").forEach(function (input) {
          Array.prototype.forEach.call(input.files, function (file) { files.push({ file: file, doc: input.getAttribute("data-document") }); });
        });
        var fields = [];
        new FormData(form).forEach(function (value, field) {
          if (field !== "csrfmiddlewaretoken" && field !== "key" && typeof value === "string") fields.push([field, value]);
        });
        var entry = {
          key: keyInput.value || uuid4(),
          fields: fields,
          filled_at: new Date().toISOString(),
          queued: !navigator.onLine,
          state: "pending",
          files: 0
        };
        keyInput.value = uuid4();
        form.reset();
        showDocuments();
        if (vaultGone) {  // the erasure is long over: a new key for this officer's new queue
          vaultGone = false;
          await openState();
        }
        try {
          if (files.length) {
            entry.files = await filesPut(entry.key, files);
          } else if (carried) {
            var kept = await filesGet(carried);
            entry.files = await filesPut(entry.key, kept);
            filesDrop(carried);
          }
        } catch (e) { entry.files = 0; }
        carried = null;
        var items = queue();
        items.push(entry);
        save(".queue", items);
        netEl.textContent = t("saved");
        render();
        form.querySelector("[name=applicant_name]").focus();
        flush();
      });
    }
    document.getElementById("outreach-resend").addEventListener("click", function () {
      var items = queue().map(function (e) { return e.state === "refused" ? e : Object.assign(e, { state: "pending" }); });
      save(".queue", items);
      authEl.hidden = true;
      flush();
    });
    window.addEventListener("online", flush);
    window.addEventListener("offline", render);
    window.addEventListener("storage", function (e) {
      if (e.key === "motcua.outreach.erased" && e.newValue) {  // motcua.js: signed out, or another officer's page
        var why = e.newValue.indexOf("other") === 0 ? "other-officer" : "signed-out";
        forget(t(why), queue().length);
        return;
      }
      if (e.key !== name + ".vault" || !vaultKey) return;
      if (e.newValue === null) { forget(t("signed-out"), queue().length); return; }
      readVault().then(function (other) { state = other; state.sent = fresh(state.sent || []); render(); }).catch(function () {});
    });
    window.setInterval(function () { if (queue().length) flush(); }, 30000);
    openState().then(function () { count(); render(); flush(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
