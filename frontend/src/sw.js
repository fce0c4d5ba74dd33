// The archive's service worker (bundled with Workbox by bin/build-service-worker into
// offline/static/offline/vendor/sw.js; served at /sw.js by the offline app, which prepends
// self.HERITAGE_OFFLINE = {shell, fallbacks, timeout}).
//
// - Pages: network first; when the network fails or is slower than `timeout`, the copy of a
//   downloaded pack, else the offline page of the reader's language (it lists the packs).
// - Everything else of this site: from a downloaded pack when it is there (packs are updated on
//   request, not behind the visitor's back), else the network. Nothing is cached at run time, so
//   the phone keeps only what the visitor chose to download.
// - Audio asks for byte ranges: answered from the pack's full copy.
// - The pack downloader asks with cache "no-store": the worker leaves those to the network.
import { clientsClaim } from "workbox-core";
import { registerRoute, NavigationRoute } from "workbox-routing";
import { Strategy } from "workbox-strategies";
import { createPartialResponse } from "workbox-range-requests";

const CONFIG = self.HERITAGE_OFFLINE || { shell: [], fallbacks: {}, timeout: 4 };
const SHELL = "heritage-shell-" + (CONFIG.version || "0");
const FALLBACK = "heritage-fallback";
const PACK_PREFIX = "heritage-pack:";

self.skipWaiting();
clientsClaim();

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(CONFIG.shell)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(names.filter((n) => n.startsWith("heritage-shell-") && n !== SHELL).map((n) => caches.delete(n))),
    ),
  );
});

async function fromPacks(request) {
  const names = (await caches.keys()).filter((n) => n.startsWith(PACK_PREFIX) || n === SHELL);
  for (const name of names) {
    const hit = await (await caches.open(name)).match(request, { ignoreVary: true });
    if (hit) return hit;
  }
  return undefined;
}

async function offlinePage(url) {
  const language = new URL(url).pathname.split("/")[1];
  const cache = await caches.open(FALLBACK);
  const own = CONFIG.fallbacks[language];
  const hit = own && (await cache.match(own));
  if (hit) return hit;
  for (const other of Object.values(CONFIG.fallbacks)) {
    const page = await cache.match(other);
    if (page) return page;
  }
  return Response.error();
}

// A page from a pack says so on its <html> element: what it computed when it was downloaded
// ("open now") is then shown as unknown by offline/static/offline/packs.js.
async function savedCopy(response) {
  if (!response || !(response.headers.get("content-type") || "").includes("text/html")) return response;
  const html = (await response.text()).replace("<html ", '<html data-offline-copy="true" ');
  return new Response(html, { status: response.status, headers: response.headers });
}

class PagesNetworkFirst extends Strategy {
  async _handle(request, handler) {
    const network = handler.fetch(request);
    let timer;
    const slow = new Promise((resolve) => {
      timer = setTimeout(
        () => fromPacks(request).then((hit) => hit && savedCopy(hit).then(resolve)),
        CONFIG.timeout * 1000,
      );
    });
    try {
      const response = await Promise.race([network, slow]);
      clearTimeout(timer);
      return response;
    } catch (error) {
      clearTimeout(timer);
      return (await savedCopy(await fromPacks(request))) || offlinePage(request.url);
    }
  }
}

// Map data the relic map asks for with its own query (all sites, or the zones of the view): a
// pack holds those of its area, answered only when the network cannot be had.
const MAP_DATA = ["/api/sites.geojson", "/api/sites/zones.geojson"];

async function mapDataFromPacks(request) {
  const language = new URL(request.url).searchParams.get("lang");
  const names = (await caches.keys()).filter((n) => n.startsWith(PACK_PREFIX));
  let other;
  for (const name of names) {
    const cache = await caches.open(name);
    for (const key of await cache.keys(request, { ignoreSearch: true })) {
      if (new URL(key.url).searchParams.get("lang") === language) return cache.match(key);
      other = other || (await cache.match(key));
    }
  }
  return other;
}

class PacksFirst extends Strategy {
  async _handle(request, handler) {
    if (MAP_DATA.includes(new URL(request.url).pathname)) {
      try {
        return await handler.fetch(request);
      } catch (error) {
        return (await fromPacks(request)) || (await mapDataFromPacks(request)) || Response.error();
      }
    }
    if (request.cache !== "no-store" && request.cache !== "reload") {
      const hit = await fromPacks(request);
      if (hit) return request.headers.has("range") ? createPartialResponse(request, hit) : hit;
    }
    return handler.fetch(request);
  }
}

registerRoute(new NavigationRoute(new PagesNetworkFirst()));
// The pack downloader's requests (cache "no-store") are left to the browser: straight to the
// network, as the page asked, without a detour through the worker.
registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin &&
    request.method === "GET" &&
    request.cache !== "no-store" &&
    request.mode !== "navigate" &&
    !url.pathname.startsWith("/offline/") &&
    !url.pathname.startsWith("/admin/"),
  new PacksFirst(),
);
