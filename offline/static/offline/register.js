// Registers the service worker (/sw.js, root scope: every language's pages) once the page has
// loaded, so the first visit is not slowed, and keeps the offline page of the reader's language
// for when a page can be had neither from the network nor from a downloaded pack.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !window.caches) return;
  var worker = script.getAttribute("data-sw");
  var fallback = script.getAttribute("data-fallback");
  var DAY_MS = 86400000;

  function keepFallback() {
    return caches.open("heritage-fallback").then(function (cache) {
      return cache.match(fallback).then(function (hit) {
        var age = hit ? Date.now() - Date.parse(hit.headers.get("date") || 0) : Infinity;
        if (!(age < DAY_MS)) {
          return cache.add(new Request(fallback, { cache: "no-store", credentials: "omit" }));
        }
      });
    });
  }

  function start() {
    navigator.serviceWorker.register(worker, { scope: "/" }).then(keepFallback).catch(function () {});
  }
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
