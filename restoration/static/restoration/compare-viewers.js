/*
 * Compare page (restoration/compare.html), part 2 of 8: the OpenSeadragon viewers. Builds them for
 * the chosen mode ("side": two viewers, pan and zoom locked together; "swipe" and "overlay": one
 * viewer with the after image over the before one), keeps side-by-side viewers in step, and mirrors
 * the visible region (view=x,y,w,h, in the before image's pixels) into the address.
 *
 * When a registration of the two images exists and its aligned image is tiled, the after image is
 * shown ALIGNED: resampled into the before image's pixel frame, so the same stones are in the same
 * place. Without one, the after image is its own picture scaled to the before image's width.
 */
import { C } from "./compare-core.js";

(function () {
  if (!C || !C.ready) {
    return; // the page stays a plain form (compare-core.js found no viewer or no config)
  }
  var OSD = C.OSD;
  var state = C.state;
  var t = C.t;
  var stage = C.stage;
  var elementA = C.elementA;
  var elementB = C.elementB;
  var labelA = C.labelA;
  var labelB = C.labelB;
  var prefixUrl = C.prefixUrl;
  var imageA = C.imageA;
  var imageB = C.imageB;
  var registration = C.registration;
  var writeQuery = C.writeQuery;
  var showStatus = C.showStatus;

  // ---------------------------------------------------------------------------------------------
  // Viewers.
  var viewers = (C.viewers = { a: null, b: null });
  var builtKey = "";
  var tilesLoaded = { a: 0, b: 0 };
  // What is drawn on the viewers goes with them (see destroyViewers); the modes, the regions and
  // the control points share it.
  var scene = (C.scene = { regionOverlays: [], markerOverlays: [], divider: null });
  var baselineView = "";
  var viewTimer = 0;

  function alignedShown() {
    return Boolean(registration && registration.aligned && !state.registering && state.drawing !== "b");
  }

  function urlB() {
    if (!imageB) {
      return null;
    }
    return alignedShown() ? registration.aligned : imageB.info;
  }

  function itemA() {
    return viewers.a && viewers.a.world.getItemCount() ? viewers.a.world.getItemAt(0) : null;
  }

  function itemB() {
    if (state.mode === "side") {
      return viewers.b && viewers.b.world.getItemCount() ? viewers.b.world.getItemAt(0) : null;
    }
    return viewers.a && viewers.a.world.getItemCount() > 1 ? viewers.a.world.getItemAt(1) : null;
  }

  function viewerOfB() {
    return state.mode === "side" ? viewers.b : viewers.a;
  }

  function makeViewer(element, side, sources) {
    var viewer = OSD({
      element: element,
      tileSources: sources,
      prefixUrl: prefixUrl,
      // info.json names the tiles by the site's public address, which need not be the admin's
      // origin; the image server answers with CORS, so the WebGL drawer may always use them.
      crossOriginPolicy: "Anonymous",
      tabIndex: 0,
      showNavigator: false,
      showRotationControl: false,
      showFullPageControl: false,
      showHomeControl: true,
      showZoomControl: true,
      autoHideControls: false, // no hover on phones
      maxZoomPixelRatio: 2,
      visibilityRatio: 0.2,
    });
    viewer.canvas.setAttribute("role", "application");
    viewer.canvas.setAttribute("aria-label", side === "a" ? labelA : labelB);
    viewer.addHandler("tile-loaded", function () {
      tilesLoaded[side] += 1;
    });
    viewer.addHandler("add-item-failed", function () {
      state.error = t("failed");
      showStatus();
    });
    viewer.addHandler("open-failed", function () {
      state.error = t("failed");
      showStatus();
    });
    viewer.addHandler("canvas-click", function (event) {
      C.pick(side, event);
    });
    return viewer;
  }

  function destroyViewers() {
    ["a", "b"].forEach(function (side) {
      if (viewers[side]) {
        viewers[side].destroy();
        viewers[side] = null;
      }
    });
    [elementA, elementB].forEach(function (element) {
      element.textContent = "";
    });
    scene.regionOverlays = [];
    scene.markerOverlays = [];
    scene.divider = null;
    tilesLoaded = { a: 0, b: 0 };
  }

  // (Re)build the viewers when what they show changes; switching between swipe and overlay, or
  // moving a slider, only changes the after image's clip and opacity.
  function build() {
    var single = state.mode !== "side";
    var key = [single ? "single" : "side", imageA && imageA.info, urlB()].join(" ");
    stage.setAttribute("data-mode", state.mode);
    document.body.setAttribute("data-mode", state.mode);
    if (key === builtKey) {
      C.applyMode();
      C.syncDrawing();
      return;
    }
    var keep = currentView() || state.view;
    destroyViewers();
    builtKey = key;
    if (!imageA) {
      state.error = t("noImage");
      showStatus();
      return;
    }
    if (single) {
      var sources = [{ tileSource: imageA.info, x: 0, y: 0, width: 1 }];
      if (imageB) {
        sources.push({ tileSource: urlB(), x: 0, y: 0, width: 1, opacity: C.bOpacity() });
      }
      viewers.a = makeViewer(elementA, "a", sources);
      scene.divider = document.createElement("div");
      scene.divider.className = "swipe-line";
      scene.divider.setAttribute("aria-hidden", "true");
      elementA.appendChild(scene.divider);
    } else {
      viewers.a = makeViewer(elementA, "a", [{ tileSource: imageA.info, x: 0, y: 0, width: 1 }]);
      if (imageB) {
        viewers.b = makeViewer(elementB, "b", [{ tileSource: urlB(), x: 0, y: 0, width: 1 }]);
      }
    }
    var a = viewers.a;
    var b = viewers.b;
    a.addOnceHandler("open", function () {
      if (viewers.a !== a) {
        return;
      }
      if (keep) {
        fitView(keep);
      }
      baselineView = (currentView() || []).join(",");
      follow(a, b);
      C.drawRegions();
      C.drawMarkers();
      C.applyMode();
      C.syncDrawing();
    });
    a.addHandler("viewport-change", function () {
      follow(a, b);
      C.updateClip();
      scheduleViewWrite();
    });
    a.addHandler("resize", C.updateClip);
    if (b) {
      b.addOnceHandler("open", function () {
        if (viewers.b !== b) {
          return;
        }
        follow(a, b);
        C.drawRegions();
        C.drawMarkers();
        C.syncDrawing();
      });
      b.addHandler("viewport-change", function () {
        follow(b, a);
      });
    }
    C.syncDrawing(); // navigation back on; drawing resumes when the viewer has opened
    showStatus();
  }

  // Side by side: when one viewer moves, the other takes the same centre and zoom (viewport
  // coordinates; the same stones when the after image is the aligned one). A viewer only reporting
  // the position it was just given is not followed back, so an animation is never interrupted.
  function locked() {
    return state.mode === "side" && !state.registering;
  }

  function same(one, two) {
    return Math.abs(one - two) <= 1e-12 + 1e-9 * Math.abs(two);
  }

  function follow(source, target) {
    if (!locked() || !source || !target || !source.world.getItemCount() || !target.world.getItemCount()) {
      return;
    }
    var centre = source.viewport.getCenter(true);
    var zoom = source.viewport.getZoom(true);
    var told = source.__told;
    if (told && same(centre.x, told.x) && same(centre.y, told.y) && same(zoom, told.zoom)) {
      return;
    }
    source.__told = null;
    target.__told = { x: centre.x, y: centre.y, zoom: zoom };
    target.viewport.zoomTo(zoom, null, true);
    target.viewport.panTo(centre, true);
  }

  // The visible region of viewer A in the before image's pixels, rounded.
  function currentView() {
    var item = itemA();
    if (!item) {
      return null;
    }
    var rect = item.viewportToImageRectangle(viewers.a.viewport.getBounds(true));
    return [rect.x, rect.y, rect.width, rect.height].map(Math.round);
  }

  function fitView(view) {
    var item = itemA();
    if (!item || !(view[2] > 0 && view[3] > 0)) {
      return;
    }
    var rect = item.imageToViewportRectangle(new OSD.Rect(view[0], view[1], view[2], view[3]));
    viewers.a.viewport.fitBounds(rect, true);
  }

  function scheduleViewWrite() {
    window.clearTimeout(viewTimer);
    viewTimer = window.setTimeout(function () {
      var view = currentView();
      if (!view || view.join(",") === baselineView) {
        return;
      }
      baselineView = "";
      state.view = view;
      writeQuery();
    }, 300);
  }

  function tilesLoadedCopy() {
    return { a: tilesLoaded.a, b: tilesLoaded.b };
  }

  C.tilesLoaded = tilesLoadedCopy;
  C.alignedShown = alignedShown;
  C.build = build;
  C.currentView = currentView;
  C.follow = follow;
  C.itemA = itemA;
  C.itemB = itemB;
  C.viewerOfB = viewerOfB;
})();
