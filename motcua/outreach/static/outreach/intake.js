/* Intake at an outreach session (motcua.outreach): an offline queue for a laptop without a steady connection.

   Every dossier filled in goes first into a queue kept in localStorage (per session and officer), with a key
   made here (a random UUID), then is sent to the server when the browser is online: at once, when the `online`
   event fires, on the "Gửi lại" button, and every 30 s while something waits. The server receives a key once
   and answers a replay with the same dossier, so a send whose answer was lost is simply sent again: nothing is
   lost (the entry leaves the queue only on the server's answer) and nothing is doubled.
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
    var memory = {};
    var sending = false;

    function t(key) { return box.getAttribute("data-t-" + key) || ""; }

    function load(suffix) {
      try {
        return JSON.parse(window.localStorage.getItem(name + suffix) || "[]");
      } catch (e) {
        return memory[suffix] || [];
      }
    }
    function save(suffix, items) {
      memory[suffix] = items;
      try { window.localStorage.setItem(name + suffix, JSON.stringify(items)); } catch (e) { /* memory only */ }
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
      netEl.textContent = navigator.onLine ? t("online") : t("offline");
      pendingEl.textContent = "";
      items.forEach(function (entry) {
        var li = document.createElement("li");
        li.textContent = applicant(entry) + " — " + procedureName(entry);
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

    function remove(key) {
      save(".queue", queue().filter(function (e) { return e.key !== key; }));
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
        if (!el) return;
        if (el.type === "checkbox") el.checked = true;
        else el.value = f[1];
      });
      remove(key);
      showDocuments();
      form.querySelector("[name=applicant_name]").focus();
    }

    function sent(entry, dossier) {
      var list = load(".sent");
      list.unshift({ code: dossier.code, applicant: dossier.applicant });
      save(".sent", list.slice(0, 50));
      remove(entry.key);
    }

    function send(entry) {
      var body = new FormData();
      entry.fields.forEach(function (f) { body.append(f[0], f[1]); });
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
        for (var i = 0; i < items.length; i++) {
          var entry = items[i];
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
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!form.reportValidity()) return;
        var keyInput = form.querySelector("input[name=key]");
        var fields = [];
        new FormData(form).forEach(function (value, field) {
          if (field !== "csrfmiddlewaretoken" && field !== "key") fields.push([field, String(value)]);
        });
        var entry = {
          key: keyInput.value || uuid4(),
          fields: fields,
          filled_at: new Date().toISOString(),
          queued: !navigator.onLine,
          state: "pending"
        };
        var items = queue();
        items.push(entry);
        save(".queue", items);
        keyInput.value = uuid4();
        form.reset();
        showDocuments();
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
    window.addEventListener("storage", function (e) { if (e.key && e.key.indexOf(name) === 0) render(); });
    window.setInterval(function () { if (queue().length) flush(); }, 30000);
    render();
    flush();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
