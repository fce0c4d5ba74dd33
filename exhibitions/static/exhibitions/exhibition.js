/*
 * Exhibition page: the sticky viewer glides to each step's image region as the reader scrolls.
 *
 * The first step's region is a static IIIF picture in the page (the largest paint); OpenSeadragon
 * is loaded only when the reader leaves the first step or touches the viewer, and then fetches
 * only the tiles of the region on screen. A step is current when it crosses a line at 65% of the
 * window (below the viewer on a phone). Steps without an image keep the last region on screen.
 * Keyboard: the Previous/Next buttons, and focusing a step; swipe left/right on the viewer.
 * A step's #anchor reopens it. No inline script (CSP): this is a module served from static files.
 */
const root = document.querySelector(".exhibition");
const viewerBox = root && root.querySelector(".exhibition-viewer");

if (viewerBox) {
  const steps = Array.from(root.querySelectorAll(".step"));
  const frame = viewerBox.querySelector(".viewer-frame");
  const osdBox = viewerBox.querySelector(".viewer-osd");
  const firstView = steps.find((step) => step.dataset.info);
  let viewer = null;
  let loading = null;
  let openInfo = null;
  let wanted = null; // the view step the viewer should show
  let current = null; // the current step (any kind)

  const state = { viewer: null, shown: firstView ? firstView.id : "" };
  window.exhibition = state;

  // The view a step shows: itself, else the last view before it, else the first view.
  const viewFor = (step) => {
    const index = steps.indexOf(step);
    for (let i = index; i >= 0; i -= 1) {
      if (steps[i].dataset.info) return steps[i];
    }
    return firstView;
  };

  const region = (step) => {
    const [x, y, w, h] =
      step.dataset.region === "full"
        ? [0, 0, Number(step.dataset.width), Number(step.dataset.height)]
        : step.dataset.region.split(",").map(Number);
    return { x, y, w, h };
  };

  const loadOpenSeadragon = () => {
    if (!loading) {
      loading = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = root.dataset.osd;
        script.onload = () => resolve(window.OpenSeadragon);
        script.onerror = reject;
        document.head.appendChild(script);
      }).then((OpenSeadragon) => {
        viewer = OpenSeadragon({
          element: osdBox,
          showNavigationControl: false,
          animationTime: 1.2,
          springStiffness: 6,
          visibilityRatio: 0.5,
          preserveImageSizeOnResize: true,
          gestureSettingsMouse: { scrollToZoom: false, clickToZoom: false, dblClickToZoom: true },
          // One finger scrolls the story (and swipes between steps), two fingers pan and zoom.
          cooperativeGestures: true,
          gestureSettingsTouch: { dragToPan: true, flickEnabled: false, pinchToZoom: true },
          keyboardShortcuts: false,
        });
        viewer.addHandler("animation-finish", () => {
          if (wanted && openInfo === wanted.dataset.info) {
            state.shown = wanted.id;
            viewerBox.dataset.shown = wanted.id;
          }
        });
        state.viewer = viewer;
        return viewer;
      });
    }
    return loading;
  };

  const fit = (step, immediately) => {
    const r = region(step);
    const rect = viewer.viewport.imageToViewportRectangle(r.x, r.y, r.w, r.h);
    viewer.viewport.fitBounds(rect, immediately);
    // Already there (back from a map step, say): no animation will finish to say so.
    const there = viewer.viewport.getBounds(true);
    const target = viewer.viewport.getBounds();
    const close = (a, b) => Math.abs(a - b) < 1e-6;
    if (immediately || (close(there.x, target.x) && close(there.y, target.y) && close(there.width, target.width))) {
      state.shown = step.id;
      viewerBox.dataset.shown = step.id;
    }
  };

  const show = async (step) => {
    wanted = step;
    viewerBox.dataset.step = step.id;
    if (!viewer && step === firstView && !state.zoom) return; // the static picture already shows it
    await loadOpenSeadragon();
    if (wanted !== step) return;
    if (openInfo !== step.dataset.info) {
      openInfo = step.dataset.info;
      viewer.addOnceHandler("open", () => {
        if (wanted !== step) return;
        fit(step, true);
        const item = viewer.world.getItemAt(0);
        const ready = () => viewerBox.classList.add("osd-ready");
        if (item.getFullyLoaded()) ready();
        else item.addOnceHandler("fully-loaded-change", ready);
      });
      viewer.open(step.dataset.info);
    } else {
      fit(step, false);
    }
  };

  // A map step: the viewer gives way to a map of relic_map's public sites, flying to the step's.
  const mapBox = viewerBox.querySelector(".viewer-map");
  const mapConfigNode = document.getElementById("exhibition-map-config");
  let mapLoading = null;
  const loadMap = () => {
    if (!mapLoading) {
      const config = JSON.parse(mapConfigNode.textContent);
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = config.leafletCss;
      document.head.appendChild(css);
      mapLoading = Promise.all([
        new Promise((resolve, reject) => {
          const script = document.createElement("script");
          script.src = config.leaflet;
          script.onload = resolve;
          script.onerror = reject;
          document.head.appendChild(script);
        }),
        fetch(config.data).then((response) => response.json()),
      ]).then(([, geojson]) => {
        const L = window.L;
        const map = L.map(mapBox, { maxZoom: config.tiles.maxZoom || 18, zoomControl: true });
        if (config.tiles.url) {
          L.tileLayer(config.tiles.url, { attribution: config.tiles.attribution, maxZoom: config.tiles.maxZoom }).addTo(map);
        }
        const markers = {};
        geojson.features.forEach((feature) => {
          if (!feature.geometry) return;
          const [lon, lat] = feature.geometry.coordinates;
          markers[feature.id] = L.circleMarker([lat, lon], { radius: 7, color: "#7a1f1f", weight: 2 })
            .bindTooltip(feature.properties.name);
        });
        map.setView([15.88, 108.33], 9);
        state.map = map;
        return { map, markers };
      });
    }
    return mapLoading;
  };

  const fly = async (step) => {
    viewerBox.dataset.step = step.id;
    mapBox.hidden = false;
    const { map, markers } = await loadMap();
    if (current !== step) return;
    map.invalidateSize();
    const chosen = step.dataset.sites.split(",").map((id) => markers[id]).filter(Boolean);
    chosen.forEach((marker) => marker.addTo(map));
    if (!chosen.length) return;
    const bounds = window.L.latLngBounds(chosen.map((marker) => marker.getLatLng()));
    map.once("moveend", () => {
      if (current === step) viewerBox.dataset.shown = step.id;
    });
    map.flyToBounds(bounds.pad(0.3), { maxZoom: 15, duration: 1.5 });
  };

  const activate = (step, { updateHash = true } = {}) => {
    if (!step || step === current) return;
    if (current) current.removeAttribute("aria-current");
    current = step;
    step.setAttribute("aria-current", "step");
    if (updateHash && history.replaceState) history.replaceState(null, "", `#${step.id}`);
    if (mapBox && step.dataset.sites) {
      fly(step);
      return;
    }
    if (mapBox) mapBox.hidden = true;
    const view = viewFor(step);
    if (view) show(view);
  };

  const move = (delta) => {
    const index = Math.max(0, Math.min(steps.length - 1, steps.indexOf(current || steps[0]) + delta));
    const step = steps[index];
    step.scrollIntoView({ behavior: "smooth", block: "start" });
    step.focus({ preventScroll: true });
    activate(step);
  };

  viewerBox.querySelector(".viewer-prev").addEventListener("click", () => move(-1));
  viewerBox.querySelector(".viewer-next").addEventListener("click", () => move(1));
  root.addEventListener("focusin", (event) => {
    const step = event.target.closest && event.target.closest(".step");
    if (step) activate(step);
  });

  // A horizontal swipe on the viewer moves between steps; a vertical one scrolls the page.
  let start = null;
  frame.addEventListener("pointerdown", (event) => {
    start = { x: event.clientX, y: event.clientY };
  });
  frame.addEventListener("pointerup", (event) => {
    if (!start) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    start = null;
    if (Math.abs(dx) > 50 && Math.abs(dx) > 1.5 * Math.abs(dy)) move(dx < 0 ? 1 : -1);
  });
  // Touching the still picture means the reader wants to zoom: bring the deep zoom in.
  frame.addEventListener(
    "pointerdown",
    () => {
      state.zoom = true;
      if (wanted) show(wanted);
    },
    { once: true },
  );

  let ignoreUntilHash = false;
  const observer = new IntersectionObserver(
    (entries) => {
      if (ignoreUntilHash) return;
      const crossing = entries.filter((entry) => entry.isIntersecting).map((entry) => entry.target);
      if (crossing.length) activate(crossing[crossing.length - 1]);
    },
    { rootMargin: "-65% 0px -34% 0px" },
  );
  steps.forEach((step) => observer.observe(step));

  // A shared link (#step-4) reopens that step, wherever the browser scrolled.
  const opened = location.hash && document.getElementById(location.hash.slice(1));
  if (opened && opened.classList.contains("step")) {
    ignoreUntilHash = true;
    opened.scrollIntoView({ block: "start" });
    activate(opened, { updateHash: false });
    setTimeout(() => {
      ignoreUntilHash = false;
    }, 500);
  }
}
