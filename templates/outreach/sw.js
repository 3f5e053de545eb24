{% load static %}/* Service worker of the outreach intake pages (motcua.outreach), served at /luu-dong/sw.js with the scope
   /luu-dong/. It keeps a copy of each session intake page (network first, the copy when offline) and of the
   page's static files, so the page opens again on a laptop without a connection. It never touches a POST: the
   dossiers themselves wait in the page's own queue (intake.js) and go to the server directly. */
"use strict";
var CACHE = "motcua-outreach-v2";
var STATIC = [
  "{% static 'motcua/motcua.css' %}",
  "{% static 'motcua/motcua.js' %}",
  "{% static 'vendor/htmx.min.js' %}",
  "{% static 'outreach/outreach.css' %}",
  "{% static 'outreach/intake.js' %}"
];
var INTAKE_PAGE = /\/luu-dong\/\d+\/tiep-nhan\/$/;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(STATIC); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("motcua-outreach-") === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var page = request.mode === "navigate" && INTAKE_PAGE.test(url.pathname);
  var asset = STATIC.indexOf(url.pathname) !== -1;
  if (!page && !asset) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(request, copy); }));
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreSearch: page }).then(function (hit) {
      return hit || Response.error();
    });
  }));
});
