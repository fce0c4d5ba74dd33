/* The relic map: sites from /api/sites.geojson as clustered markers over a base map, or over the
   bundled province outline when no tile can be loaded; filters, popups, zones and "near me".
   The list under the map is rendered by the server and stays the way to reach every site. */
(function () {
  "use strict";
  const configNode = document.getElementById("relic-map-config");
  const container = document.getElementById("relic-map");
  if (!configNode || !container || !window.L) return;
  const config = JSON.parse(configNode.textContent);
  const text = config.text;
  const lang = document.documentElement.lang || "vi";
  const status = document.querySelector(".map-status");
  const form = document.getElementById("map-filters");
  const list = document.getElementById("site-list");
  const nearButton = document.querySelector(".near-me");
  const numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const rankingOrder = Object.keys(config.styles);
  const say = (message) => { if (status) status.textContent = message; };
  const fill = (template, values) => template.replace(/%\((\w+)\)s/g, (_m, key) => values[key]);

  // maxZoom on the map itself: clustering needs one even when no tile layer is there to give it.
  const map = L.map(container, { zoomControl: true, maxZoom: config.tiles.maxZoom || 19 });
  const outline = L.geoJSON(config.outline, {
    interactive: false,
    style: { color: "#5b4636", weight: 2, fillColor: "#efe6d2", fillOpacity: 0.7 },
  }).addTo(map);
  map.fitBounds(outline.getBounds(), { padding: [8, 8] });
  addBaseMap();

  // -- base map, or the outline alone when the tiles cannot be had ---------------------------
  function addBaseMap() {
    if (!config.tiles.url) { container.classList.add("no-tiles"); return; }
    let loaded = 0;
    const tiles = L.tileLayer(config.tiles.url, {
      attribution: config.tiles.attribution, maxZoom: config.tiles.maxZoom, crossOrigin: false,
    });
    const notice = L.control({ position: "bottomleft" });
    notice.onAdd = () => {
      const box = L.DomUtil.create("p", "map-notice");
      box.textContent = text.noTiles;
      return box;
    };
    tiles.on("tileload", () => {
      loaded += 1;
      if (container.classList.contains("no-tiles")) {
        container.classList.remove("no-tiles");
        outline.setStyle({ fillOpacity: 0.08 });
        notice.remove();
      }
    });
    tiles.on("tileerror", () => { if (!loaded) noTiles(); });
    tiles.addTo(map);
    // A tile server that never answers raises no error: give it a few seconds.
    setTimeout(() => { if (!loaded) noTiles(); }, 6000);
    outline.setStyle({ fillOpacity: 0.08 });
    function noTiles() {
      if (container.classList.contains("no-tiles")) return;
      container.classList.add("no-tiles");
      outline.setStyle({ fillOpacity: 0.7 });
      notice.addTo(map);
    }
  }

  // -- sites ------------------------------------------------------------------------------------
  // chunkedLoading: thousands of markers are added in slices, so a phone never freezes on them.
  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false, maxClusterRadius: 45, spiderfyOnMaxZoom: true,
    iconCreateFunction: clusterIcon, chunkedLoading: true, chunkInterval: 40, chunkDelay: 10,
    // Called before the plug-in finishes its last chunk: act on the next turn.
    chunkProgress: (done, total) => { if (done === total) setTimeout(onSitesShown, 0); },
  });
  let pendingSite = new URLSearchParams(location.search).get("site");
  map.addLayer(clusters);
  let sites = [];       // {feature, marker}
  let here = null;      // the visitor's marker

  function clusterIcon(cluster) {
    const rankings = cluster.getAllChildMarkers().map((m) => rankingOrder.indexOf(m.site.properties.ranking));
    const top = rankingOrder[Math.min(...rankings)];
    const count = cluster.getChildCount();
    const size = count < 10 ? 34 : count < 100 ? 40 : 48;
    return L.divIcon({
      html: `<span style="--pin:${config.styles[top].colour}">${count}</span>`,
      className: "site-cluster", iconSize: [size, size],
    });
  }

  function siteIcon(properties) {
    const style = config.styles[properties.ranking];
    const span = document.createElement("span");
    span.className = "pin" + (properties.generalised ? " pin-approx" : "");
    span.style.setProperty("--pin", style.colour);
    span.style.setProperty("--size", style.size + "px");
    return L.divIcon({ html: span.outerHTML, className: "site-icon", iconSize: [style.size, style.size] });
  }

  function popupContent(properties) {
    const box = document.createElement("div");
    box.className = "site-popup";
    if (properties.thumbnail) {
      const image = document.createElement("img");
      image.src = properties.thumbnail; image.alt = ""; image.width = 120; image.loading = "lazy";
      box.append(image);
    }
    const title = document.createElement("strong");
    title.textContent = properties.name;
    const meta = document.createElement("span");
    meta.textContent = properties.ranking_label + (properties.generalised ? " · " + text.approximate : "");
    const link = document.createElement("a");
    link.href = properties.url; link.textContent = text.open;
    box.append(title, meta, link);
    return box;
  }

  function addSites(collection) {
    sites = collection.features.filter((f) => f.geometry).map((feature) => {
      const [lon, lat] = feature.geometry.coordinates;
      const marker = L.marker([lat, lon], {
        icon: siteIcon(feature.properties), title: feature.properties.name, alt: feature.properties.name,
        keyboard: true, riseOnHover: true,
      });
      marker.site = feature;
      marker.bindPopup(() => popupContent(feature.properties), { maxWidth: 240 });
      return { feature, marker };
    });
    applyFilters(false);
  }

  // -- filters: the form the server also reads; applied here without a reload ----------------
  function chosen() {
    const values = {};
    if (!form) return values;
    for (const box of form.querySelectorAll("input[type=checkbox]:checked")) {
      (values[box.name] = values[box.name] || new Set()).add(box.value);
    }
    return values;
  }

  function keeps(properties, values) {
    return Object.entries(values).every(([name, set]) => set.has(properties[name] || ""));
  }

  function applyFilters(updateUrl) {
    const values = chosen();
    const shown = sites.filter((s) => keeps(s.feature.properties, values));
    clusters.clearLayers();
    clusters.addLayers(shown.map((s) => s.marker));
    if (list) {
      for (const item of list.querySelectorAll("li[data-id]")) {
        item.hidden = !keeps(item.dataset, values);
      }
      const count = document.querySelector(".site-count");
      if (count) count.textContent = `(${list.querySelectorAll("li[data-id]:not([hidden])").length})`;
    }
    say(fill(text.shown, { count: shown.length }));
    if (updateUrl && form) {
      const query = new URLSearchParams(new FormData(form)).toString();
      history.replaceState(null, "", query ? "?" + query : location.pathname);
    }
  }

  if (form) {
    form.addEventListener("change", () => applyFilters(true));
    form.addEventListener("submit", (event) => { event.preventDefault(); applyFilters(true); });
  }

  // Once every marker is in the cluster layer: open the site the address asks for (?site=…), once.
  function onSitesShown() {
    if (!sites.length) return;  // the empty first pass when the layer joins the map
    const site = pendingSite && sites.find((s) => s.feature.properties.identifier === pendingSite);
    pendingSite = null;
    if (site) clusters.zoomToShowLayer(site.marker, () => site.marker.openPopup());
  }

  // -- zones: boundaries and protection zones of the sites in view, when zoomed in ----------
  const zones = L.geoJSON(null, {
    style: (f) => ({
      boundary: { color: "#7a1f00", weight: 2, fillOpacity: 0.05 },
      zone_1: { color: "#b35900", weight: 1.5, dashArray: "6 4", fillOpacity: 0.06 },
      zone_2: { color: "#8a6d00", weight: 1, dashArray: "2 4", fillOpacity: 0.04 },
    })[f.properties.kind],
    onEachFeature: (f, layer) => layer.bindTooltip(`${f.properties.name}: ${f.properties.kind_label}`),
  }).addTo(map);
  let zonesRequest = 0;
  map.on("moveend", () => {
    if (map.getZoom() < config.zonesMinZoom || !config.zonesUrl) { zones.clearLayers(); return; }
    const request = ++zonesRequest;
    const bbox = map.getBounds().toBBoxString();
    fetch(`${config.zonesUrl}?lang=${lang}&bbox=${bbox}`)
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((data) => { if (request === zonesRequest) { zones.clearLayers(); zones.addData(data); } })
      .catch(() => {});
  });

  // -- near me ----------------------------------------------------------------------------------
  function distanceKm(lat1, lon1, lat2, lon2) {
    const rad = Math.PI / 180, dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
    return 12742 * Math.asin(Math.sqrt(a));
  }

  function formatDistance(km) {
    return km < 1 ? fill(text.m, { distance: Math.round(km * 1000) }) : fill(text.km, { distance: numbers.format(km) });
  }

  function showNearest(latitude, longitude) {
    const values = chosen();
    const ranked = sites
      .filter((s) => keeps(s.feature.properties, values))
      .map((s) => {
        const [lon, lat] = s.feature.geometry.coordinates;
        return { site: s, km: distanceKm(latitude, longitude, lat, lon) };
      })
      .sort((a, b) => a.km - b.km);
    if (here) here.remove();
    here = L.circleMarker([latitude, longitude], { radius: 8, color: "#fff", weight: 3, fillColor: "#1a73e8", fillOpacity: 1 })
      .bindTooltip(text.you).addTo(map);
    if (list) {
      const items = new Map([...list.querySelectorAll("li[data-id]")].map((li) => [li.dataset.id, li]));
      for (const { site, km } of ranked) {
        const item = items.get(site.feature.properties.identifier);
        if (!item) continue;
        item.querySelector(".site-distance").textContent = formatDistance(km);
        list.append(item);  // nearest first
      }
      list.classList.add("by-distance");
    }
    const nearest = ranked.slice(0, 3).map((r) => r.site.marker.getLatLng());
    map.fitBounds(L.latLngBounds([[latitude, longitude], ...nearest]), { padding: [30, 30], maxZoom: 15 });
    say(ranked.length ? `${text.located}: ${ranked[0].site.feature.properties.name} (${formatDistance(ranked[0].km)})` : "");
  }

  if (nearButton && "geolocation" in navigator) {
    nearButton.hidden = false;
    nearButton.addEventListener("click", () => {
      say(text.locating);
      navigator.geolocation.getCurrentPosition(
        (position) => showNearest(position.coords.latitude, position.coords.longitude),
        (error) => say(error.code === error.PERMISSION_DENIED ? text.denied : text.unavailable),
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 },
      );
    });
  }

  // -- load -------------------------------------------------------------------------------------
  fetch(`${config.dataUrl}?lang=${lang}`, { credentials: "same-origin" })
    .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
    .then(addSites)
    .catch(() => say(text.loadFailed));
})();
