/* Intake at an outreach session (motcua.outreach): an offline queue for a laptop without a steady connection.

   Every dossier filled in goes first into a queue kept in localStorage (per session and officer), with a key
   made here (a random UUID), then is sent to the server when the browser is online: at once, when the `online`
   event fires, on the "Gửi lại" button, and every 30 s while something waits. The server receives a key once
   and answers a replay with the same dossier, so a send whose answer was lost is simply sent again: nothing is
   lost (the entry leaves the queue only on the server's answer) and nothing is doubled.
   Personal data on the laptop (issue 21 part 6): the queue and the short list of sent dossiers are kept in one
   blob encrypted with AES-GCM (WebCrypto). An entry leaves the blob as soon as the server received it; the list
   of sent dossiers keeps 20 at most, for 12 hours. Without WebCrypto or IndexedDB nothing is written to the
   disk: the queue lives only while the page is open, and the page says so. A queue written in plain text by an
   earlier version is read once (after the queue is opened), re-encrypted and its plain copy removed. Scans
   attached to a dossier are kept the same way (each file encrypted, and its name, type and required document
   encrypted apart — a scan's name often holds the applicant's name —, in IndexedDB under "<queue name>|<entry
   key>"), each with the required document (thành phần hồ sơ) it was attached to, sent with it in the same
   request as `file_<document id>` (so the server's key claim covers them: their SHA-256 is part of the request
   hash), and dropped with it. When the browser refuses to store a dossier or its scans (storage full, IndexedDB
   refused), they are kept in the page's memory and the page says so (never "kept on this computer").
   Locked until the officer is confirmed (docs/onestop.md, "Offline intake and sign-out"): the queue's key is
   random and is never stored as it is. The record kept in IndexedDB ("keys", under the queue's name) holds it
   wrapped twice: with the officer's secret, which only the "who is signed in" answer gives (/luu-dong/phien/,
   never cached), and — when the officer set one — with an offline unlock code (PBKDF2). So the page, and any
   copy of it the service worker opens offline, shows nothing of the queue (a count only) until it has confirmed
   online that the same officer is signed in, or until the officer typed the unlock code. When the answer says
   nobody is signed in, the page drops the key and hides the queue again (still kept, for the same officer).
   While locked the officer can still receive dossiers: each is sealed to the queue's public key (ECDH P-256,
   a fresh key per entry), which the laptop can write but not read back; opening the queue takes them in.
   Bound to one officer: the queue's name holds the session and the officer's id, and the name is the AES-GCM
   additional data of every ciphertext. Before sending, the page asks who is signed in: another officer → the
   queue and its key are erased unread and the page says how many dossiers were not sent. The server refuses
   too (409 other_officer) when the officer id sent with an entry is not the signed-in one. Signing out (any
   page) is handled by motcua.js: the sign-out page warns with the number of dossiers not sent, then erases the
   queues and keys of this laptop; this page hears it (storage event) and drops what it holds in memory. The
   count of waiting dossiers (a number only) is kept in plain text as "<queue name>.pending" for that warning
   and for the locked page.
   CSRF: the token is read from the csrftoken cookie at send time (falling back to the form's hidden input), so
   a sign-in in another tab renews it; a 401 or a 403 page (a stale token) keeps the queue and asks the officer
   to sign in again. A refusal of the input (400/409 with JSON) keeps the entry, shows the reason and offers to
   correct or discard it. A static file, not an inline script: the Content-Security-Policy runs scripts from
   this origin only. Texts come translated from the page's data-t-* attributes. A service worker (/luu-dong/sw.js)
   keeps a copy of the page and its static files, so a reload without a connection still opens it. */
(function () {
  "use strict";

  // PBKDF2-HMAC-SHA256 rounds for the offline unlock code: OWASP Password Storage Cheat Sheet (2023) asks for
  // 600 000. The code is at least 6 characters (the page says a longer one is safer).
  var PIN_ROUNDS = 600000;
  var PIN_MIN = 6;
  var EC = { name: "ECDH", namedCurve: "P-256" };

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
    var lockEl = document.getElementById("outreach-lock");
    var lockTextEl = document.getElementById("outreach-lock-text");
    var unlockForm = document.getElementById("outreach-unlock");
    var unlockError = document.getElementById("outreach-unlock-error");
    var pinBox = document.getElementById("outreach-pin");
    var pinForm = document.getElementById("outreach-pin-form");
    var pinStatus = document.getElementById("outreach-pin-status");
    var sending = false;
    var carried = null;
    var me = box.getAttribute("data-officer") || "";
    var whoUrl = box.getAttribute("data-who");
    var erasedEl = document.getElementById("outreach-erased");
    var aad = new TextEncoder().encode(name);  // binds every ciphertext to this session and officer
    var subtle = window.crypto && window.crypto.subtle;
    var canStore = Boolean(subtle && window.indexedDB);

    function t(key) { return box.getAttribute("data-t-" + key) || ""; }

    var SENT_KEEP = 20;
    var SENT_HOURS = 12;
    var state = { queue: [], sent: [] };
    var writing = Promise.resolve();
    var privacyEl = document.getElementById("outreach-privacy");
    var storeErrorEl = document.getElementById("outreach-store-error");
    // The browser refused to store something: it is in this page's memory only, and the page says so until it is
    // stored after all (the queue opened and written) or sent.
    var held = false;         // a dossier or scans kept in memory because storing them failed
    var writeFailed = false;  // the last write of the encrypted queue failed
    function showStoreError() { if (storeErrorEl) storeErrorEl.hidden = !(held || writeFailed); }
    function storeFailed() { held = true; showStoreError(); }

    // The vault of this queue. `record` (IndexedDB "keys"[name]): {v: 3, online: sealed key | null, pin: {salt,
    // rounds, box} | null, pub: ECDH public key (raw), priv: ECDH private key (pkcs8) sealed with the key}; a bare
    // CryptoKey is the record of an earlier version (migrated when opened online). While `locked`, the page holds
    // no key and shows a count only; without a record what the page holds lives in memory.
    var record = null;
    var vaultKey = null;   // AES-GCM, from vaultRaw, only while open
    var vaultRaw = null;   // the key's bytes, only while open (to wrap it with a new unlock code)
    var vaultPriv = null;  // ECDH private key, only while open (to read what was received while locked)
    var vaultPub = null;   // ECDH public key: entries received while locked are sealed to it
    var locked = true;     // nothing of the queue is shown until the first check
    var lockNote = "";
    var pinError = "";     // the last attempt to set the unlock code failed (shown until the next one)
    var vaultGone = false;  // erased under this page (sign-out elsewhere, another officer)
    var checking = null;
    var lastWho = "";      // the last answer of the server ("me", "out", "other"), to lock once when it changes
    var ready = false;     // the record has been read (until then the lock notice waits)
    var shownCount = 0;    // the last count shown: an erasure under this page says how many went

    function load(suffix) { return suffix === ".sent" ? state.sent : state.queue; }
    function save(suffix, items) {
      if (suffix === ".sent") state.sent = items; else state.queue = items;
      persist();
    }
    function storedCount() { return parseInt(window.localStorage.getItem(name + ".pending"), 10) || 0; }
    function pendingCount() { return locked && (record || !ready) ? storedCount() : state.queue.length; }
    function setCount(n) {
      try {
        if (n) window.localStorage.setItem(name + ".pending", String(n));
        else window.localStorage.removeItem(name + ".pending");
      } catch (e) { /* storage full */ }
    }
    function count() {  // the number of dossiers waiting, in plain text, for the sign-out page and the locked page
      if (locked && record) return;  // the stored count stands: entries received while locked raise it themselves
      setCount(state.queue.length);
    }

    function b64(bytes) {
      var text = "";
      new Uint8Array(bytes).forEach(function (x) { text += String.fromCharCode(x); });
      return window.btoa(text);
    }
    function unb64(text) {
      return Uint8Array.from(window.atob(text), function (c) { return c.charCodeAt(0); });
    }

    // IndexedDB "motcua-outreach": "keys" (the record of each queue) and "files" (the scans of each queued
    // dossier, encrypted, by the entry's key).
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
          var tx, request;
          try {  // put() throws at once on a value it cannot store: a rejection, not a promise left waiting
            tx = db.transaction(storeName, mode);
            request = work(tx.objectStore(storeName));
          } catch (e) { db.close(); reject(e); return; }
          tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
          // a full disk aborts the transaction (QuotaExceededError) without an error event on the request
          tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
        };
      });
    }
    function keyStore(mode, work) { return idb("keys", mode, work); }
    function putRecord() { return keyStore("readwrite", function (store) { return store.put(record, name); }); }

    function aes(raw, usages) { return subtle.importKey("raw", raw, "AES-GCM", false, usages || ["encrypt", "decrypt"]); }
    async function seal(key, bytes) {
      var iv = window.crypto.getRandomValues(new Uint8Array(12));
      return { iv: iv, data: await subtle.encrypt({ name: "AES-GCM", iv: iv, additionalData: aad }, key, bytes) };
    }
    function unsealWith(key, sealed) {
      return subtle.decrypt({ name: "AES-GCM", iv: sealed.iv, additionalData: aad }, key, sealed.data);
    }
    // Sealed to the public key (while locked): an ephemeral ECDH key pair per entry; only the private key, kept
    // sealed with the queue's key, derives the AES key again.
    async function sealToPub(bytes) {
      var eph = await subtle.generateKey(EC, false, ["deriveKey"]);  // its public half is exportable all the same
      var key = await subtle.deriveKey({ name: "ECDH", public: vaultPub }, eph.privateKey,
        { name: "AES-GCM", length: 256 }, false, ["encrypt"]);
      var sealed = await seal(key, bytes);
      sealed.epk = await subtle.exportKey("raw", eph.publicKey);
      return sealed;
    }
    async function unseal(sealed) {
      if (!sealed.epk) return unsealWith(vaultKey, sealed);
      var epk = await subtle.importKey("raw", sealed.epk, EC, true, []);
      var key = await subtle.deriveKey({ name: "ECDH", public: epk }, vaultPriv,
        { name: "AES-GCM", length: 256 }, false, ["decrypt"]);
      return unsealWith(key, sealed);
    }
    function sealNow(bytes) { return vaultKey ? seal(vaultKey, bytes) : sealToPub(bytes); }

    // Scans: [{file, doc}] where doc is the required document's id ("" for a scan queued by an earlier version).
    var memoryFiles = {};  // without a vault: the scans stay in memory only
    function fileKey(key) { return name + "|" + key; }
    async function filesPut(key, scans) {
      if (!scans.length) return 0;
      if (!vaultKey && !(locked && vaultPub)) { memoryFiles[key] = scans; return scans.length; }
      var sealed = [];
      for (var i = 0; i < scans.length; i++) {
        var one = await sealNow(await scans[i].file.arrayBuffer());
        var meta = { name: scans[i].file.name, type: scans[i].file.type, doc: scans[i].doc };
        one.meta = await sealNow(new TextEncoder().encode(JSON.stringify(meta)));  // never in plain text
        sealed.push(one);
      }
      await idb("files", "readwrite", function (store) { return store.put(sealed, fileKey(key)); });
      return scans.length;
    }
    async function filesGet(key) {
      if (memoryFiles[key] || !vaultKey) return memoryFiles[key] || [];
      var sealed = (await idb("files", "readonly", function (store) { return store.get(fileKey(key)); })) || [];
      var out = [];
      for (var i = 0; i < sealed.length; i++) {
        var plain = await unseal(sealed[i]);
        // an earlier version kept the name, type and document beside the ciphertext
        var meta = sealed[i].meta ? JSON.parse(new TextDecoder().decode(await unseal(sealed[i].meta))) : sealed[i];
        out.push({ file: new File([plain], meta.name, { type: meta.type }), doc: meta.doc || "" });
      }
      return out;
    }
    function filesDrop(key) {
      delete memoryFiles[key];
      if (vaultKey) idb("files", "readwrite", function (store) { return store.delete(fileKey(key)); }).catch(function () {});
    }

    async function readVault() {
      var raw = window.localStorage.getItem(name + ".vault");
      if (!raw || !vaultKey) return { queue: [], sent: [] };
      var blob = JSON.parse(raw);
      var plain = await unsealWith(vaultKey, { iv: unb64(blob.iv), data: unb64(blob.data) });
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
        var sealed = await seal(vaultKey, new TextEncoder().encode(snapshot));
        window.localStorage.setItem(name + ".vault", JSON.stringify({ iv: b64(sealed.iv), data: b64(sealed.data) }));
        writeFailed = false;
        if (!locked && !Object.keys(memoryFiles).length) held = false;
        showStoreError();
      }).catch(function () { writeFailed = true; showStoreError(); });  // storage full: in memory while the page is open
    }

    // A new vault (a random key, an ECDH pair), wrapped with the officer's secret when the server gave it.
    async function createVault(secretKey) {
      var raw = window.crypto.getRandomValues(new Uint8Array(32));
      var key = await aes(raw);
      var pair = await subtle.generateKey(EC, true, ["deriveKey"]);
      var pkcs8 = await subtle.exportKey("pkcs8", pair.privateKey);
      record = {
        v: 3,
        online: secretKey ? await seal(secretKey, raw) : null,
        pin: null,
        pub: await subtle.exportKey("raw", pair.publicKey),
        priv: await seal(key, pkcs8)
      };
      await putRecord();
      vaultRaw = raw;
      vaultKey = key;
      vaultPub = pair.publicKey;
      vaultPriv = await subtle.importKey("pkcs8", pkcs8, EC, false, ["deriveKey"]);
      vaultGone = false;
    }

    // Open the vault with its key's bytes (unwrapped with the officer's secret or the unlock code).
    async function openWith(raw) {
      var key = await aes(raw);
      var priv = await subtle.importKey("pkcs8", await unsealWith(key, record.priv), EC, false, ["deriveKey"]);
      vaultRaw = raw;
      vaultKey = key;
      vaultPriv = priv;
      var early = state;
      var files = memoryFiles;
      memoryFiles = {};
      try { state = await readVault(); } catch (e) {
        state = { queue: [], sent: [] };  // not readable with this officer's key: dropped, never shown
        window.localStorage.removeItem(name + ".vault");
      }
      state.queue = state.queue || [];
      state.sent = fresh(state.sent || []);
      await joinEarly(early, files);
      locked = false;
      lockNote = "";
      await takeInbox();
      takeLegacy();
      persist();
    }

    // What the page held in memory before the queue was opened (received while locked, without a public key).
    async function joinEarly(early, files) {
      early.queue.forEach(function (e) {
        if (!state.queue.some(function (x) { return x.key === e.key; })) state.queue.push(e);
      });
      for (var k in files) {
        if (!Object.prototype.hasOwnProperty.call(files, k)) continue;
        try { await filesPut(k, files[k]); } catch (e) { memoryFiles[k] = files[k]; storeFailed(); }  // still refused
      }
    }

    // Entries received while locked ("<name>.inbox", each sealed to the public key) join the queue.
    async function takeInbox() {
      var raw = window.localStorage.getItem(name + ".inbox");
      if (!raw || !vaultPriv) return;
      var items = [];
      try { items = JSON.parse(raw); } catch (e) { items = []; }
      var done = {};
      for (var i = 0; i < items.length; i++) {
        var it = items[i];
        done[it.iv] = true;
        try {
          var plain = await unseal({ epk: unb64(it.epk), iv: unb64(it.iv), data: unb64(it.data) });
          var entry = JSON.parse(new TextDecoder().decode(plain));
          if (!state.queue.some(function (e) { return e.key === entry.key; })) state.queue.push(entry);
        } catch (e) { /* not readable with this key: dropped */ }
      }
      var now = [];  // another page may have added one meanwhile: keep what was not taken
      try { now = JSON.parse(window.localStorage.getItem(name + ".inbox") || "[]"); } catch (e) { now = []; }
      now = now.filter(function (it) { return !done[it.iv]; });
      if (now.length) window.localStorage.setItem(name + ".inbox", JSON.stringify(now));
      else window.localStorage.removeItem(name + ".inbox");
      persist();
    }
    function takeLegacy() {
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

    // A queue of an earlier version (its key a bare CryptoKey in IndexedDB): read, moved to a new vault.
    async function migrate(oldKey, secretKey) {
      var early = state;
      var files = memoryFiles;
      memoryFiles = {};
      vaultKey = oldKey;
      try { state = await readVault(); } catch (e) { state = { queue: [], sent: [] }; }
      state.queue = state.queue || [];
      var scans = {};
      for (var i = 0; i < state.queue.length; i++) {
        if (!state.queue[i].files) continue;
        try { scans[state.queue[i].key] = await filesGet(state.queue[i].key); } catch (e) { scans[state.queue[i].key] = []; }
      }
      await createVault(secretKey);
      for (var k in scans) { if (Object.prototype.hasOwnProperty.call(scans, k)) await filesPut(k, scans[k]); }
      await joinEarly(early, files);
      state.sent = fresh(state.sent || []);
      locked = false;
      await takeInbox();
      takeLegacy();
      persist();
    }

    // The same officer is signed in (the server gave the officer's secret): open the queue.
    async function confirmed(secret) {
      if (!canStore) { locked = false; return; }
      var secretKey = null;
      try { secretKey = await aes(unb64(secret)); } catch (e) { secretKey = null; }
      if (vaultKey) {  // open already; a vault made before the first confirmation gets its online wrap now
        if (secretKey && record && !record.online) { record.online = await seal(secretKey, vaultRaw); await putRecord(); }
        locked = false;
        return;
      }
      if (!record) {  // another page of this queue may have made one meanwhile: never overwrite it
        try { record = (await keyStore("readonly", function (store) { return store.get(name); })) || null; } catch (e) { record = null; }
        if (record && record.v === 3) vaultPub = await subtle.importKey("raw", record.pub, EC, true, []);
      }
      if (!record) {  // nothing on the disk yet: a new vault, and what the page holds in memory goes into it
        var early = state;
        var files = memoryFiles;
        await createVault(secretKey);
        state = { queue: early.queue, sent: fresh(early.sent) };
        memoryFiles = {};
        await joinEarly({ queue: [] }, files);  // the scans: stored, or kept in memory and said
        locked = false;
        takeLegacy();
        persist();
        return;
      }
      if (!(record && record.v === 3)) { await migrate(record, secretKey); return; }
      var raw;
      try { raw = new Uint8Array(await unsealWith(secretKey, record.online)); } catch (e) {
        lockNote = "online-failed";  // the server's secret changed: only the unlock code opens this queue
        return;
      }
      await openWith(raw);
    }

    // Nobody is signed in: the key leaves the page's memory and the queue is hidden (still kept on the disk).
    async function lock() {
      if (record && vaultKey) {
        await writing;
        state = { queue: [], sent: [] };
        vaultKey = null;
        vaultRaw = null;
        vaultPriv = null;
        carried = null;
        // memoryFiles stays: with the queue open it holds only scans the browser refused to store, which nothing
        // else could give back (never shown; stored when the queue opens again, or erased on sign-out)
      }
      locked = true;
    }

    async function pinKey(pin, salt, rounds) {
      var base = await subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveKey"]);
      return subtle.deriveKey({ name: "PBKDF2", salt: salt, iterations: rounds, hash: "SHA-256" }, base,
        { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
    }

    // What this page holds in memory goes; `message` (with {n}) says how many dossiers were not sent.
    function forget(message, n) {
      state = { queue: [], sent: [] };
      vaultKey = null;
      vaultRaw = null;
      vaultPriv = null;
      vaultPub = null;
      record = null;
      vaultGone = true;
      locked = false;  // nothing kept any more: what the page holds from now on is what is typed here
      memoryFiles = {};
      carried = null;
      held = writeFailed = false;  // nothing is kept any more
      showStoreError();
      authEl.hidden = true;
      if (erasedEl && message && n) {  // several storage events may tell the same erasure: the first one counts
        erasedEl.textContent = message.replace("{n}", n);
        erasedEl.hidden = false;
      }
      render();
    }

    // Another officer is signed in: erase this officer's queue, its scans and its key from the laptop, unread.
    async function purgeMine() {
      var n = Math.max(pendingCount(), shownCount);
      forget(t("other-officer"), n);
      [".vault", ".pending", ".queue", ".sent", ".inbox"].forEach(function (suffix) { window.localStorage.removeItem(name + suffix); });
      try {
        await idb("files", "readwrite", function (store) {
          store.openCursor().onsuccess = function (event) {
            var cursor = event.target.result;
            if (!cursor) return;
            if (String(cursor.key).indexOf(name + "|") === 0) cursor.delete();
            cursor.continue();
          };
        });
        await keyStore("readwrite", function (store) { return store.delete(name); });
      } catch (e) { /* nothing kept */ }
    }

    // Who is signed in now: {state: "me" (with the officer's secret), "out" (signed out or unreachable sign-in),
    // "other", or "offline"}.
    async function whoIsSignedIn() {
      var response;
      try {
        response = await window.fetch(whoUrl, { credentials: "same-origin", redirect: "manual", cache: "no-store",
          headers: { Accept: "application/json" } });
      } catch (e) { return { state: "offline" }; }
      if (response.status === 401 || response.type === "opaqueredirect") return { state: "out" };
      var json = null;
      try { json = await response.json(); } catch (e) { json = null; }
      if (!json || !json.ok) return { state: "offline" };
      return String(json.user) === me ? { state: "me", secret: json.vault || "" } : { state: "other" };
    }

    // Ask the server, then open, hide or erase the queue accordingly; one question at a time.
    function check() {
      if (checking) return checking;
      checking = (async function () {
        await initDone;  // the record is known before the answer is acted upon
        var who = await whoIsSignedIn();
        try {
          if (who.state === "me") {
            authEl.hidden = true;
            await confirmed(who.secret);
          } else if (who.state === "out") {
            authEl.hidden = false;
            // The sign-in has gone since the last answer: hide the queue. An officer who then opens it with the
            // unlock code keeps it open while the answers stay "signed out" (the code is proof enough offline).
            if (lastWho !== "out") await lock();
          } else if (who.state === "other") {
            await purgeMine();
          }
        } catch (e) { /* the queue stays as it was */ }
        if (who.state !== "offline") lastWho = who.state;
        return who.state;
      })();
      checking.then(function () { checking = null; render(); }, function () { checking = null; render(); });
      return checking;
    }

    async function init() {
      if (!canStore) { locked = false; return; }  // memory only: nothing on the disk to hide
      try { record = (await keyStore("readonly", function (store) { return store.get(name); })) || null; } catch (e) {
        canStore = false;  // IndexedDB refused: memory only, and what is on the disk stays hidden
        return;
      }
      if (record && record.v === 3) {
        try { vaultPub = await subtle.importKey("raw", record.pub, EC, true, []); } catch (e) { vaultPub = null; }
      }
      if (!record) {
        window.localStorage.removeItem(name + ".vault");  // a blob without its key cannot be read by anyone
        window.localStorage.removeItem(name + ".inbox");
        locked = false;  // nothing kept: what the page holds is only what is typed here
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
      var n = pendingCount();
      shownCount = n;
      countEl.textContent = n ? t("waiting").replace("{n}", n) : t("none");
      // Offline, "kept on this computer" only when it is: what the browser refused to store is in this page only.
      netEl.textContent = navigator.onLine ? t("online") : held || writeFailed || !canStore ? t("offline-memory") : t("offline");
      pendingEl.textContent = "";
      sentEl.textContent = "";
      var pinSet = Boolean(record && record.v === 3 && record.pin);
      if (lockEl) {
        lockEl.hidden = !locked || !ready;
        var text = lockNote === "online-failed" && pinSet ? t("locked-online-failed") : pinSet ? t("locked-pin") : t("locked");
        if (locked && vaultPub) text += " " + t("locked-receive");
        lockTextEl.textContent = text;
        unlockForm.hidden = !(locked && pinSet);
      }
      if (pinBox) {
        pinBox.hidden = locked || !vaultRaw;
        pinStatus.textContent = pinError || (pinSet ? t("pin-set") : t("pin-unset"));
      }
      if (privacyEl) {
        var items0 = locked ? [] : queue();
        var oldest = items0.reduce(function (m, e) { return Math.min(m, Date.parse(e.filled_at) || Date.now()); }, Date.now());
        var p = !canStore ? t("no-vault") : !record && !vaultGone ? t("unconfirmed") : t("private");
        if (items0.length && Date.now() - oldest > 24 * 3600 * 1000) p += " " + t("old");
        privacyEl.textContent = p;
        privacyEl.hidden = locked || (!items0.length && p !== t("no-vault"));
      }
      if (locked) return;  // a count only: no name, no procedure, no code of the queue on the page
      queue().forEach(function (entry) {
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
      try {
        var who = await check();
        if (who !== "me" || locked) return;
        var items = queue().filter(function (e) { return e.state !== "refused"; });
        if (!items.length) return;
        netEl.textContent = t("sending");
        for (var i = 0; i < items.length; i++) {
          var entry = items[i];
          if (locked || !queue().some(function (e) { return e.key === entry.key; })) break;  // erased or locked meanwhile
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
          } else if (json && json.ok === false && json.message) {
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
        if (!mine) fs.querySelectorAll("input[type=file]").forEach(function (f) { if (f.value) { f.value = ""; f.dispatchEvent(new Event("change")); } });
      });
    }

    // Received while locked: the entry (and its scans) sealed to the public key, into "<name>.inbox".
    async function keepLocked(entry, files) {
      entry.files = await filesPut(entry.key, files);  // a failure is the caller's: the entry stays in memory
      var sealed = await sealToPub(new TextEncoder().encode(JSON.stringify(entry)));
      var inbox = [];
      try { inbox = JSON.parse(window.localStorage.getItem(name + ".inbox") || "[]"); } catch (e) { inbox = []; }
      inbox.push({ epk: b64(sealed.epk), iv: b64(sealed.iv), data: b64(sealed.data) });
      window.localStorage.setItem(name + ".inbox", JSON.stringify(inbox));
      setCount(storedCount() + 1);
    }

    var initDone = init().then(function () { ready = true; }, function () { ready = true; });

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
        await initDone;  // the record is known: where this entry goes depends on it
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
        if (locked && record && vaultPub) {  // the queue is not readable here: this entry is sealed to its public key
          var kept = true;
          try { await keepLocked(entry, files); } catch (e) { kept = false; }
          if (kept) {
            netEl.textContent = t("saved");
            render();
            form.querySelector("[name=applicant_name]").focus();
            flush();
            return;
          }
          // Not written to the disk: kept in this page's memory (it joins the queue when the queue opens).
          entry.files = files.length;
          if (files.length) memoryFiles[entry.key] = files;
          files = [];
          storeFailed();
        }
        if (vaultGone && navigator.onLine) await check();  // erased under this page: a new vault once confirmed
        var scans = files;
        try {
          if (carried) scans = await filesGet(carried);
          entry.files = scans.length ? await filesPut(entry.key, scans) : entry.files;
          if (carried) filesDrop(carried);
        } catch (e) {  // not stored: the scans stay in this page's memory, and the page says so
          entry.files = scans.length;
          if (scans.length) memoryFiles[entry.key] = scans;
          storeFailed();
        }
        carried = null;
        var items = queue();
        items.push(entry);
        save(".queue", items);
        if (locked && record) setCount(storedCount() + 1);  // an earlier version's queue, not open: kept in memory
        netEl.textContent = held || writeFailed || !canStore ? t("offline-memory") : t("saved");
        render();
        form.querySelector("[name=applicant_name]").focus();
        flush();
      });
    }
    if (unlockForm) {
      unlockForm.addEventListener("submit", async function (event) {
        event.preventDefault();
        var input = unlockForm.querySelector("input[type=password]");
        unlockError.hidden = true;
        if (!record || !record.pin) return;
        var raw = null;
        try {
          var key = await pinKey(input.value, record.pin.salt, record.pin.rounds);
          raw = new Uint8Array(await unsealWith(key, record.pin.box));
        } catch (e) { raw = null; }
        input.value = "";
        if (!raw) {
          unlockError.textContent = t("pin-wrong");
          unlockError.hidden = false;
          input.focus();
          return;
        }
        await openWith(raw);
        render();
        flush();
      });
    }
    if (pinForm) {
      pinForm.addEventListener("submit", async function (event) {
        event.preventDefault();
        var inputs = pinForm.querySelectorAll("input[type=password]");
        var pin = inputs[0].value;
        var error = "";
        if (pin.length < PIN_MIN) error = t("pin-short");
        else if (pin !== inputs[1].value) error = t("pin-mismatch");
        if (error || !vaultRaw || !record) {
          pinStatus.textContent = error;
          inputs[0].focus();
          return;
        }
        inputs[0].value = "";
        inputs[1].value = "";
        try {
          var salt = window.crypto.getRandomValues(new Uint8Array(16));
          var key = await pinKey(pin, salt, PIN_ROUNDS);
          var next = Object.assign({}, record, { pin: { salt: salt, rounds: PIN_ROUNDS, box: await seal(key, vaultRaw) } });
          await keyStore("readwrite", function (store) { return store.put(next, name); });
          record = next;  // only once it is on the disk: the page never says a code is set that is not
        } catch (e) {
          pinError = t("pin-failed");
          render();
          return;
        }
        pinError = "";
        render();  // "An offline unlock code is set for this list."
      });
    }
    document.getElementById("outreach-resend").addEventListener("click", function () {
      if (!locked) {
        var items = queue().map(function (e) { return e.state === "refused" ? e : Object.assign(e, { state: "pending" }); });
        save(".queue", items);
      }
      authEl.hidden = true;
      flush();
    });
    window.addEventListener("online", flush);
    window.addEventListener("offline", render);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") flush(); });
    // Back to this page from the browser's back-forward cache (the sign-in may have ended meanwhile): hidden
    // until confirmed again.
    window.addEventListener("pageshow", function (e) {
      if (!e.persisted) return;
      lastWho = "";
      lock().then(function () { render(); flush(); });
    });
    window.addEventListener("storage", function (e) {
      if (e.key === "motcua.outreach.erased" && e.newValue) {  // motcua.js: signed out, or another officer's page
        var why = e.newValue.indexOf("other") === 0 ? "other-officer" : "signed-out";
        forget(t(why), Math.max(pendingCount(), shownCount));  // the count was erased too: the last one shown
        return;
      }
      if (e.key === name + ".pending" && locked) { render(); return; }
      if (e.key === name + ".inbox" && vaultPriv && e.newValue) { takeInbox().then(render, render); return; }
      if (e.key !== name + ".vault" || !vaultKey) return;
      if (e.newValue === null) { forget(t("signed-out"), queue().length); return; }
      readVault().then(function (other) { state = other; state.sent = fresh(state.sent || []); render(); }).catch(function () {});
    });
    // Every 30 s: ask who is signed in (an expired sign-in hides the queue) and send what waits.
    window.setInterval(function () { if (navigator.onLine) flush(); }, 30000);
    render();
    initDone.then(function () { render(); flush(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
