// Tour route: numbered stops joined in order. The route and markers are vector layers, so they
// show over a plain background when no map tile can be fetched (no signal at Mỹ Sơn).
(function () {
  "use strict";
  function start() {
    var el = document.getElementById("tour-map");
    var data = document.getElementById("tour-route");
    if (!el || !data || !window.L) return;
    var stops = JSON.parse(data.textContent);
    var map = L.map(el, { scrollWheelZoom: false, dragging: !L.Browser.mobile, tap: false });
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    var line = stops.map(function (s) { return [s.lat, s.lon]; });
    L.polyline(line, { color: "#7a1f1f", weight: 4, opacity: 0.85, className: "tour-route" }).addTo(map);
    stops.forEach(function (s) {
      var icon = L.divIcon({ className: "tour-marker", html: String(s.n), iconSize: [28, 28] });
      var link = document.createElement("a");
      link.href = s.url;
      link.textContent = s.n + ". " + s.title;
      L.marker([s.lat, s.lon], { icon: icon, title: s.n + ". " + s.title, keyboard: true })
        .bindPopup(link).addTo(map);
    });
    map.fitBounds(L.latLngBounds(line), { padding: [24, 24] });
    // Where the visitor stands, beside the route: works with no network (the phone's GPS).
    var locate = document.querySelector(".tour-locate");
    if (locate && "geolocation" in navigator) {
      var here = null;
      locate.hidden = false;
      locate.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (position) {
          var at = [position.coords.latitude, position.coords.longitude];
          if (here) here.remove();
          here = L.circleMarker(at, { radius: 8, color: "#fff", weight: 3, fillColor: "#1a73e8", fillOpacity: 1, className: "tour-you" })
            .bindTooltip(locate.getAttribute("data-you") || "").addTo(map);
          map.fitBounds(L.latLngBounds(line.concat([at])), { padding: [24, 24] });
        }, function () {
          locate.textContent = locate.getAttribute("data-unavailable") || locate.textContent;
        }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
