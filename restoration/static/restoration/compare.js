/*
 * The compare page of the restoration archive (restoration/compare.html): two documentation events'
 * photographs of one record in deep zoom. Plain ES2017, no build step; needs the vendored
 * OpenSeadragon loaded first. Reads the JSON config in #compare-config (restoration.compare).
 *
 * Modes: "side" (two viewers, pan and zoom locked together), "swipe" (one viewer, the after image
 * clipped right of a movable line) and "overlay" (the after image over the before one, translucent).
 * When a registration of the two images exists and its aligned image is tiled, the after image is
 * shown ALIGNED: resampled into the before image's pixel frame, so the same stones are in the same
 * place. Without one, the after image is its own picture scaled to the before image's width.
 *
 * Coordinates: "image pixels" are continuous coordinates of the full-resolution image, (0, 0) the
 * top-left corner (as the registration uses them); OpenSeadragon's viewport coordinates are
 * normalised by the width of the first image.
 *
 * The state is mirrored in the query string (history.replaceState), so the address can be shared:
 * mode, opacity, swipe and view=x,y,w,h (the visible region in the before image's pixels).
 *
 * Curators may also draw a condition region (side by side only, on an event not yet sealed): in draw
 * mode a drag on that viewer outlines a rectangle instead of panning; it is saved as a condition
 * observation in the image pixels of the image that viewer shows (the after viewer shows the after
 * image's own pixels while drawing on it, as while registering).
 *
 * window.__compare is a small debug handle (used by the browser tests).
 */
(function () {
  "use strict";

  var OSD = window.OpenSeadragon;
  var configElement = document.getElementById("compare-config");
  if (typeof OSD !== "function" || !configElement || !window.URLSearchParams) {
    return; // the page stays a plain form
  }
  var config = JSON.parse(configElement.textContent);
  var chosen = config.chosen || {};

  // ---------------------------------------------------------------------------------------------
  // Strings (the template carries the translated labels; these are the few the script writes).
  var lang = (document.documentElement.getAttribute("lang") || "vi").toLowerCase().slice(0, 2);
  var STRINGS = {
    en: {
      aligned: "Aligned by registration (RMS {rms} px).",
      pending: "Registered (RMS {rms} px); the aligned image is still being prepared, reload in a moment.",
      notAlignedSide: "Not aligned yet: the two views are locked by position only (not registered yet).",
      notAlignedOver: "Not aligned yet: the after image is only scaled to the before image's width.",
      howTo: "To align them, open “{register}” below and pick at least 3 pairs of points.",
      registering: "Control points: {n} pairs (at least 3). Tap a feature in one image, then in the other.",
      pickB: "Now tap the same feature in the after image.",
      pickA: "Now tap the same feature in the before image.",
      saving: "Saving…",
      saved: "Saved (RMS {rms} px, largest {max} px); preparing the aligned image…",
      notSaved: "Not saved: {error}",
      offline: "The server could not be reached.",
      noImage: "This event has no image ready for deep zoom.",
      failed: "An image could not be loaded.",
      remove: "Remove pair {n}",
      draw: "Draw a region ({image})",
      stopDraw: "Stop drawing",
      sealedNote: "Sealed: add a correction instead.",
      drawHelp: "Drawing on “{image}”: drag across the damage (finger or mouse). Esc or “Stop drawing” ends it.",
      drawTooSmall: "Too small for a region: drag across the damage to draw a rectangle.",
      drawChoose: "Choose the damage and save the region, or drag again to redraw it.",
      drawTitle: "New region on “{image}”: {w} × {h} px at {x}, {y}.",
      damage: "Damage",
      chooseDamage: "Choose…",
      chooseDamageFirst: "Choose the damage first.",
      severity: "Severity",
      note: "Note (optional)",
      saveRegion: "Save the region",
      cancel: "Cancel",
      regionSaved: "Region saved: {label}.",
    },
    vi: {
      aligned: "Đã căn chỉnh theo điểm khống chế (RMS {rms} px).",
      pending: "Đã căn chỉnh (RMS {rms} px); ảnh căn chỉnh đang được chuẩn bị, hãy tải lại sau ít phút.",
      notAlignedSide: "Chưa căn chỉnh: hai ảnh chỉ được khóa theo vị trí (chưa đăng ký ảnh).",
      notAlignedOver: "Chưa căn chỉnh: ảnh sau chỉ được co giãn theo chiều rộng ảnh trước.",
      howTo: "Để căn chỉnh, mở “{register}” bên dưới và chọn ít nhất 3 cặp điểm.",
      registering: "Điểm khống chế: {n} cặp (ít nhất 3). Chạm vào một chi tiết trên ảnh này, rồi trên ảnh kia.",
      pickB: "Giờ chạm vào cùng chi tiết đó trên ảnh sau.",
      pickA: "Giờ chạm vào cùng chi tiết đó trên ảnh trước.",
      saving: "Đang lưu…",
      saved: "Đã lưu (RMS {rms} px, lớn nhất {max} px); đang chuẩn bị ảnh căn chỉnh…",
      notSaved: "Chưa lưu: {error}",
      offline: "Không kết nối được máy chủ.",
      noImage: "Sự kiện này chưa có ảnh sẵn sàng để phóng to.",
      failed: "Không tải được một ảnh.",
      remove: "Xoá cặp {n}",
      draw: "Vẽ vùng hư hại ({image})",
      stopDraw: "Dừng vẽ",
      sealedNote: "Đã niêm phong: hãy thêm bản đính chính.",
      drawHelp: "Đang vẽ trên “{image}”: kéo ngang qua chỗ hư hại (ngón tay hoặc chuột). Esc hoặc “Dừng vẽ” để kết thúc.",
      drawTooSmall: "Vùng quá nhỏ: hãy kéo ngang qua chỗ hư hại để vẽ một hình chữ nhật.",
      drawChoose: "Chọn loại hư hại rồi lưu vùng, hoặc kéo lại để vẽ lại.",
      drawTitle: "Vùng mới trên “{image}”: {w} × {h} px tại {x}, {y}.",
      damage: "Hư hại",
      chooseDamage: "Chọn…",
      chooseDamageFirst: "Hãy chọn loại hư hại trước.",
      severity: "Mức độ",
      note: "Ghi chú (không bắt buộc)",
      saveRegion: "Lưu vùng",
      cancel: "Huỷ",
      regionSaved: "Đã lưu vùng: {label}.",
    },
  };
  var strings = STRINGS[lang] || STRINGS.en;

  function number(value) {
    return Number(value).toLocaleString(lang === "vi" ? "vi-VN" : "en", { maximumFractionDigits: 2 });
  }

  function t(key, values) {
    return strings[key].replace(/\{(\w+)\}/g, function (_, name) {
      var value = values ? values[name] : "";
      return typeof value === "number" ? number(value) : String(value);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The page.
  var stage = document.getElementById("compare-stage");
  var elementA = document.getElementById("viewer-a");
  var elementB = document.getElementById("viewer-b");
  var statusElement = document.querySelector(".compare-status");
  var swipeInput = document.getElementById("swipe");
  var opacityInput = document.querySelector('#compare-controls input[name="opacity"]');
  var regionsBox = document.getElementById("show-regions");
  var registerElement = config.canRegister ? document.getElementById("register") : null;
  var pairsList = document.getElementById("pairs");
  var saveButton = document.getElementById("save-registration");
  var clearButton = document.getElementById("clear-points");
  var labelA = elementA.getAttribute("aria-label") || "A";
  var labelB = elementB.getAttribute("aria-label") || "B";

  var osdScript = document.querySelector('script[src*="openseadragon.min.js"]');
  var prefixUrl = osdScript ? osdScript.src.replace(/openseadragon\.min\.js.*$/, "images/") : "";

  function findEvent(id) {
    return (config.events || []).filter(function (event) {
      return event.id === id;
    })[0];
  }

  function findImage(event, id) {
    return event
      ? event.images.filter(function (image) {
          return image.id === id;
        })[0]
      : undefined;
  }

  var imageA = findImage(findEvent(chosen.a), chosen.a_image);
  var imageB = findImage(findEvent(chosen.b), chosen.b_image);
  var registration =
    config.registration &&
    config.registration.before === chosen.a_image &&
    config.registration.after === chosen.b_image
      ? config.registration
      : null;

  var state = {
    mode: ["side", "swipe", "overlay"].indexOf(chosen.mode) >= 0 ? chosen.mode : "side",
    opacity: clamp01(chosen.opacity, 0.5),
    swipe: clamp01(chosen.swipe, 0.5),
    view: Array.isArray(chosen.view) && chosen.view.length === 4 ? chosen.view : null,
    regions: regionsBox ? regionsBox.checked : true,
    registering: false,
    drawing: null, // "a" or "b": the viewer a region is being drawn on
    error: "",
    message: "",
  };

  function clamp01(value, fallback) {
    value = Number(value);
    return isFinite(value) ? Math.min(1, Math.max(0, value)) : fallback;
  }

  // ---------------------------------------------------------------------------------------------
  // The address: what is shown, shareable.
  function queryParams() {
    var params = new URLSearchParams(window.location.search);
    [
      ["a", chosen.a],
      ["b", chosen.b],
      ["ia", chosen.a_image],
      ["ib", chosen.b_image],
    ].forEach(function (entry) {
      if (entry[1] !== null && entry[1] !== undefined) {
        params.set(entry[0], entry[1]);
      }
    });
    params.set("mode", state.mode);
    params.set("opacity", String(Math.round(state.opacity * 100) / 100));
    params.set("swipe", String(Math.round(state.swipe * 1000) / 1000));
    if (state.view) {
      params.set("view", state.view.join(","));
    } else {
      params.delete("view");
    }
    return params;
  }

  function queryString(params) {
    return "?" + params.toString().replace(/%2C/gi, ",");
  }

  function writeQuery() {
    window.history.replaceState(window.history.state, "", queryString(queryParams()));
  }

  // Another event or image: reload the page with the new choice (simple, and the address says it).
  function choose(name, value) {
    var params = queryParams();
    params.set(name, value);
    if (name === "a") {
      params.delete("ia");
    }
    if (name === "b") {
      params.delete("ib");
    }
    if (name === "a" || name === "ia") {
      params.delete("view"); // in the old before image's pixels
    }
    window.location.search = queryString(params);
  }

  function fillImageSelect(select, event, selectedId) {
    if (!select) {
      return;
    }
    select.textContent = "";
    (event ? event.images : []).forEach(function (image) {
      var option = document.createElement("option");
      option.value = image.id;
      option.textContent = image.label;
      option.selected = image.id === selectedId;
      select.appendChild(option);
    });
    select.disabled = select.options.length === 0;
    if (select.disabled) {
      var none = document.createElement("option");
      none.textContent = "—";
      select.appendChild(none);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Viewers.
  var viewers = { a: null, b: null };
  var builtKey = "";
  var tilesLoaded = { a: 0, b: 0 };
  var regionOverlays = [];
  var markerOverlays = [];
  var divider = null;
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
      pick(side, event);
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
    regionOverlays = [];
    markerOverlays = [];
    divider = null;
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
      applyMode();
      syncDrawing();
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
        sources.push({ tileSource: urlB(), x: 0, y: 0, width: 1, opacity: bOpacity() });
      }
      viewers.a = makeViewer(elementA, "a", sources);
      divider = document.createElement("div");
      divider.className = "swipe-line";
      divider.setAttribute("aria-hidden", "true");
      elementA.appendChild(divider);
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
      drawRegions();
      drawMarkers();
      applyMode();
      syncDrawing();
    });
    a.addHandler("viewport-change", function () {
      follow(a, b);
      updateClip();
      scheduleViewWrite();
    });
    a.addHandler("resize", updateClip);
    if (b) {
      b.addOnceHandler("open", function () {
        if (viewers.b !== b) {
          return;
        }
        follow(a, b);
        drawRegions();
        drawMarkers();
        syncDrawing();
      });
      b.addHandler("viewport-change", function () {
        follow(b, a);
      });
    }
    syncDrawing(); // navigation back on; drawing resumes when the viewer has opened
    showStatus();
  }

  function bOpacity() {
    return state.mode === "overlay" ? state.opacity : 1;
  }

  function applyMode() {
    var item = itemB();
    if (item && state.mode !== "side") {
      item.setOpacity(bOpacity());
      if (state.mode === "overlay") {
        item.setClip(null);
      }
    }
    updateClip();
    showStatus();
  }

  // Swipe: the after image shows right of a vertical line at `swipe` of the viewer's width.
  function updateClip() {
    if (divider) {
      divider.hidden = state.mode !== "swipe";
      divider.style.left = state.swipe * 100 + "%";
    }
    var item = itemB();
    if (state.mode !== "swipe" || !item || !viewers.a) {
      return;
    }
    var bounds = viewers.a.viewport.getBounds(true);
    var lineX = bounds.x + state.swipe * bounds.width;
    var imageX = item.viewportToImageCoordinates(new OSD.Point(lineX, bounds.y), true).x;
    var width = item.source.dimensions.x;
    var height = item.source.dimensions.y;
    var left = Math.min(width, Math.max(0, imageX));
    item.setClip(new OSD.Rect(left, 0, width - left, height));
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

  // ---------------------------------------------------------------------------------------------
  // Condition regions: rectangles in image pixels, drawn over the image they were outlined on.
  function transformed(region) {
    var m = registration.matrix;
    var xs = [];
    var ys = [];
    [
      [region.x, region.y],
      [region.x + region.w, region.y],
      [region.x, region.y + region.h],
      [region.x + region.w, region.y + region.h],
    ].forEach(function (corner) {
      xs.push(m[0] * corner[0] + m[1] * corner[1] + m[2]);
      ys.push(m[3] * corner[0] + m[4] * corner[1] + m[5]);
    });
    var left = Math.min.apply(null, xs);
    var top = Math.min.apply(null, ys);
    return { x: left, y: top, w: Math.max.apply(null, xs) - left, h: Math.max.apply(null, ys) - top };
  }

  function drawRegions() {
    regionOverlays.forEach(function (entry) {
      entry.viewer.removeOverlay(entry.element);
    });
    regionOverlays = [];
    var single = state.mode !== "side";
    [
      ["a", imageA, viewers.a, itemA(), false],
      ["b", imageB, viewerOfB(), itemB(), alignedShown()],
    ].forEach(function (entry) {
      var side = entry[0];
      var image = entry[1];
      var viewer = entry[2];
      var item = entry[3];
      if (!image || !viewer || !item) {
        return;
      }
      image.regions.forEach(function (region) {
        var box = entry[4] ? transformed(region) : region;
        var element = document.createElement("div");
        element.className = "region region-" + side;
        element.setAttribute("data-damage", region.damage || "");
        if (region.id) {
          element.setAttribute("data-id", region.id); // drawn on this page
        }
        var label = document.createElement("span");
        label.className = "region-label";
        label.textContent = (single ? (side === "a" ? labelA : labelB) + " · " : "") + region.label;
        element.appendChild(label);
        viewer.addOverlay({
          element: element,
          location: item.imageToViewportRectangle(new OSD.Rect(box.x, box.y, box.w, box.h)),
        });
        regionOverlays.push({ viewer: viewer, element: element });
      });
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Registration: pairs of control points, [before x, before y, after x, after y] in the pixels of
  // the before image (viewer A) and of the after image's OWN frame (viewer B, not aligned).
  var pairs = [];
  var half = null; // {side, x, y}: a point waiting for its partner in the other image
  var saving = false;

  function pick(side, event) {
    if (!state.registering || state.mode !== "side" || !event.quick) {
      return;
    }
    event.preventDefaultAction = true; // a tap picks a point; it does not zoom
    var item = side === "a" ? itemA() : itemB();
    if (!item) {
      return;
    }
    var point = item.viewerElementToImageCoordinates(event.position);
    var size = item.source.dimensions;
    if (!(point.x >= 0 && point.y >= 0 && point.x <= size.x && point.y <= size.y)) {
      return;
    }
    var x = Math.round(point.x * 10) / 10;
    var y = Math.round(point.y * 10) / 10;
    if (half && half.side !== side) {
      pairs.push(side === "b" ? [half.x, half.y, x, y] : [x, y, half.x, half.y]);
      half = null;
    } else {
      half = { side: side, x: x, y: y };
    }
    state.error = "";
    state.message = "";
    refreshPairs();
  }

  function marker(text, pending) {
    var element = document.createElement("div");
    element.className = "cp-marker" + (pending ? " pending" : "");
    element.textContent = text;
    return element;
  }

  function drawMarkers() {
    markerOverlays.forEach(function (entry) {
      entry.viewer.removeOverlay(entry.element);
    });
    markerOverlays = [];
    if (!state.registering || state.mode !== "side") {
      return;
    }
    var targets = { a: [viewers.a, itemA()], b: [viewers.b, itemB()] };
    function add(side, x, y, text, pending) {
      var viewer = targets[side][0];
      var item = targets[side][1];
      if (!viewer || !item) {
        return;
      }
      var element = marker(text, pending);
      viewer.addOverlay({
        element: element,
        location: item.imageToViewportCoordinates(new OSD.Point(x, y)),
        placement: OSD.Placement.CENTER,
        checkResize: false,
      });
      markerOverlays.push({ viewer: viewer, element: element });
    }
    pairs.forEach(function (pair, index) {
      add("a", pair[0], pair[1], String(index + 1), false);
      add("b", pair[2], pair[3], String(index + 1), false);
    });
    if (half) {
      add(half.side, half.x, half.y, String(pairs.length + 1), true);
    }
  }

  function refreshPairs() {
    if (pairsList) {
      pairsList.textContent = "";
      pairs.forEach(function (pair, index) {
        var item = document.createElement("li");
        var text = document.createElement("span");
        text.textContent =
          index + 1 + ". " + labelA + " " + Math.round(pair[0]) + ", " + Math.round(pair[1]) +
          " · " + labelB + " " + Math.round(pair[2]) + ", " + Math.round(pair[3]);
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "remove-pair";
        remove.textContent = "×";
        remove.setAttribute("aria-label", t("remove", { n: String(index + 1) }));
        remove.title = remove.getAttribute("aria-label");
        remove.addEventListener("click", function () {
          pairs.splice(index, 1);
          refreshPairs();
        });
        item.appendChild(text);
        item.appendChild(remove);
        pairsList.appendChild(item);
      });
    }
    if (saveButton) {
      saveButton.disabled = saving || pairs.length < 3;
    }
    if (clearButton) {
      clearButton.disabled = saving || (!pairs.length && !half);
    }
    drawMarkers();
    showStatus();
  }

  function setRegistering(on) {
    if (on === state.registering) {
      return;
    }
    state.registering = on;
    if (on) {
      if (!pairs.length && registration && Array.isArray(registration.points)) {
        pairs = registration.points.map(function (pair) {
          return pair.slice(0, 4);
        });
      }
      if (state.mode !== "side") {
        setMode("side"); // points are picked side by side
      }
    }
    half = null;
    build(); // the after viewer shows the after image's own pixels while registering
    if (!on) {
      follow(viewers.a, viewers.b); // locked again
    }
    refreshPairs();
  }

  function csrfToken() {
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function postJson(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(
        function (data) {
          return { ok: response.ok, data: data };
        },
        function () {
          return { ok: false, data: { error: response.status + " " + response.statusText } };
        }
      );
    });
  }

  function save() {
    if (saving || pairs.length < 3) {
      return;
    }
    saving = true;
    state.error = "";
    state.message = t("saving");
    refreshPairs();
    postJson(config.registerUrl, { before: chosen.a_image, after: chosen.b_image, points: pairs })
      .then(function (answer) {
        if (!answer.ok) {
          saving = false;
          state.message = "";
          state.error = t("notSaved", { error: answer.data.error || "?" });
          refreshPairs();
          return;
        }
        state.message = t("saved", { rms: answer.data.rms, max: answer.data.max });
        refreshPairs();
        waitForAligned(answer.data);
      })
      .catch(function () {
        saving = false;
        state.message = "";
        state.error = t("offline");
        refreshPairs();
      });
  }

  // The aligned image is tiled in the background: ask every 2 s, then show it (reload the page).
  var polls = 0;

  function waitForAligned(data) {
    if (data.aligned) {
      if (!state.registering || saving) {
        window.location.reload(); // (not while a curator is picking new points)
      }
      return;
    }
    if (++polls > 600) {
      return; // 20 minutes: tiling has failed; the status line still says it is being prepared
    }
    var url = config.registerUrl + data.before + "/" + data.after + "/";
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : data;
        })
        .then(waitForAligned, function () {
          waitForAligned(data);
        });
    }, 2000);
  }

  // ---------------------------------------------------------------------------------------------
  // Drawing a condition region (curators, side by side, events not yet sealed). In draw mode the
  // viewer's own pan and zoom gestures are off and a transparent surface over it turns a drag (one
  // finger or the mouse) into a rectangle; its corners are kept in image pixels, so it stays on the
  // same stones if the other (locked) viewer moves this one. After the drag a small form asks for
  // the damage and severity; saving posts it as a condition observation of that image.
  var MIN_DRAG = 6; // CSS pixels in both directions: less is a tap or a slip, not a region
  var drawTools = { a: null, b: null };
  var drawButtons = {};
  var surface = null; // {side, element}
  var navOff = null; // the viewer whose navigation drawing has switched off
  var drag = null; // {id, start (image point), box (element)}
  var pending = null; // {side, rect: {x, y, w, h}, viewer, element (its overlay)}
  var drawForm = null;
  var drawSaving = false;

  function sideLabel(side) {
    return side === "a" ? labelA : labelB;
  }

  function sideImage(side) {
    return side === "a" ? imageA : imageB;
  }

  function drawItem() {
    return state.drawing === "a" ? itemA() : state.drawing === "b" ? itemB() : null;
  }

  function setupDrawTools() {
    if (!config.canRegister || !config.observationUrl) {
      return;
    }
    ["a", "b"].forEach(function (side) {
      var tools = document.getElementById("draw-tools-" + side);
      if (!tools || !sideImage(side)) {
        return;
      }
      var event = findEvent(side === "a" ? chosen.a : chosen.b);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "draw-button";
      button.id = "draw-" + side;
      button.textContent = t("draw", { image: sideLabel(side) });
      tools.appendChild(button);
      if (event && event.sealed) {
        button.disabled = true;
        var note = document.createElement("span");
        note.className = "draw-note";
        note.id = "draw-note-" + side;
        note.textContent = t("sealedNote");
        button.setAttribute("aria-describedby", note.id);
        tools.appendChild(note);
      } else {
        button.addEventListener("click", function () {
          setDrawing(state.drawing === side ? null : side);
        });
      }
      tools.hidden = false;
      drawTools[side] = tools;
      drawButtons[side] = button;
    });
  }

  // Leave draw mode without rebuilding the viewers (the caller builds).
  function leaveDrawing() {
    var side = state.drawing;
    closeForm();
    state.drawing = null;
    Object.keys(drawButtons).forEach(function (key) {
      drawButtons[key].textContent = t("draw", { image: sideLabel(key) });
    });
    return side;
  }

  function setDrawing(side) {
    side = side || null;
    if (side === state.drawing || (side && (state.mode !== "side" || !sideImage(side)))) {
      return;
    }
    var focusInForm = drawForm && drawForm.contains(document.activeElement);
    var left = leaveDrawing();
    state.error = "";
    state.message = "";
    if (side) {
      if (state.registering) {
        registerElement.open = false; // its toggle event then finds registering already off
        state.registering = false;
        half = null;
      }
      state.drawing = side;
      drawButtons[side].textContent = t("stopDraw");
    }
    build(); // the after viewer shows its own pixels while a region is drawn on it
    refreshPairs(); // markers and the status line
    if (!side && left && focusInForm && drawButtons[left]) {
      drawButtons[left].focus();
    }
  }

  // Put the drawing surface over the viewer being drawn on (once it has opened), and switch its
  // gestures off; every other viewer navigates.
  function syncDrawing() {
    if (surface) {
      if (surface.element.parentNode) {
        surface.element.parentNode.removeChild(surface.element);
      }
      surface = null;
    }
    drag = null;
    var side = state.drawing;
    var viewer = side ? viewers[side] : null;
    if (navOff && navOff !== viewer && (navOff === viewers.a || navOff === viewers.b)) {
      navOff.setMouseNavEnabled(true);
    }
    navOff = null;
    if (!viewer || !drawItem()) {
      return; // called again when it has opened
    }
    viewer.setMouseNavEnabled(false);
    navOff = viewer;
    var element = document.createElement("div");
    element.className = "draw-surface";
    element.addEventListener("pointerdown", startDrag);
    element.addEventListener("pointermove", function (event) {
      if (drag && event.pointerId === drag.id) {
        moveDrag(event);
      }
    });
    element.addEventListener("pointerup", function (event) {
      if (drag && event.pointerId === drag.id) {
        finishDrag(event);
      }
    });
    element.addEventListener("pointercancel", function (event) {
      if (drag && event.pointerId === drag.id) {
        abortDrag();
      }
    });
    element.addEventListener("contextmenu", function (event) {
      event.preventDefault(); // a long press draws, it does not open a menu
    });
    viewer.element.appendChild(element);
    surface = { side: side, element: element };
  }

  function elementPoint(event) {
    var box = surface.element.getBoundingClientRect();
    return new OSD.Point(event.clientX - box.left, event.clientY - box.top);
  }

  function startDrag(event) {
    if (drag) {
      abortDrag(); // a second finger: a pinch, not a rectangle
      return;
    }
    var item = drawItem();
    if (!event.isPrimary || event.button !== 0 || drawSaving || !item) {
      return;
    }
    event.preventDefault();
    var box = document.createElement("div");
    box.className = "draw-box";
    surface.element.appendChild(box);
    var at = elementPoint(event);
    drag = {
      id: event.pointerId,
      start: item.viewerElementToImageCoordinates(at),
      at: at,
      box: box,
    };
    if (surface.element.setPointerCapture) {
      surface.element.setPointerCapture(event.pointerId);
    }
    moveDrag(event);
  }

  function moveDrag(event) {
    var item = drawItem();
    if (!item) {
      abortDrag();
      return;
    }
    var from = item.imageToViewerElementCoordinates(drag.start);
    var to = elementPoint(event);
    var style = drag.box.style;
    style.left = Math.min(from.x, to.x) + "px";
    style.top = Math.min(from.y, to.y) + "px";
    style.width = Math.abs(to.x - from.x) + "px";
    style.height = Math.abs(to.y - from.y) + "px";
  }

  function abortDrag() {
    if (drag && drag.box.parentNode) {
      drag.box.parentNode.removeChild(drag.box);
    }
    drag = null;
  }

  function finishDrag(event) {
    var item = drawItem();
    var started = drag;
    abortDrag();
    if (!item) {
      return;
    }
    var to = elementPoint(event);
    var from = item.imageToViewerElementCoordinates(started.start);
    var rect = null;
    if (Math.abs(to.x - from.x) >= MIN_DRAG && Math.abs(to.y - from.y) >= MIN_DRAG) {
      rect = imageRect(item, started.start, item.viewerElementToImageCoordinates(to));
    }
    state.error = "";
    if (!rect) {
      state.message = t("drawTooSmall"); // (a form already open keeps its rectangle)
      showStatus();
      return;
    }
    state.message = "";
    showPending(rect);
  }

  // The dragged rectangle in whole image pixels, cut to the image; null when nothing is left.
  function imageRect(item, one, two) {
    var size = item.source.dimensions;
    function clamp(value, most) {
      return Math.min(most, Math.max(0, value));
    }
    var left = Math.round(clamp(Math.min(one.x, two.x), size.x));
    var top = Math.round(clamp(Math.min(one.y, two.y), size.y));
    var right = Math.round(clamp(Math.max(one.x, two.x), size.x));
    var bottom = Math.round(clamp(Math.max(one.y, two.y), size.y));
    if (right - left < 1 || bottom - top < 1) {
      return null;
    }
    return { x: left, y: top, w: right - left, h: bottom - top };
  }

  function removePending() {
    if (pending) {
      pending.viewer.removeOverlay(pending.element);
      pending = null;
    }
  }

  function showPending(rect) {
    var side = state.drawing;
    var viewer = viewers[side];
    var item = drawItem();
    removePending();
    var element = document.createElement("div");
    element.className = "draw-box draw-pending";
    viewer.addOverlay({
      element: element,
      location: item.imageToViewportRectangle(new OSD.Rect(rect.x, rect.y, rect.w, rect.h)),
    });
    pending = { side: side, rect: rect, viewer: viewer, element: element };
    openForm();
  }

  function field(text, control) {
    var wrapper = document.createElement("div");
    wrapper.className = "draw-field";
    var label = document.createElement("label");
    control.id = "draw-form-" + control.name;
    label.htmlFor = control.id;
    label.textContent = text;
    wrapper.appendChild(label);
    wrapper.appendChild(control);
    return wrapper;
  }

  function option(select, value, text) {
    var element = document.createElement("option");
    element.value = value;
    element.textContent = text;
    select.appendChild(element);
  }

  function buildForm() {
    var form = document.createElement("form");
    form.className = "draw-form";
    form.id = "draw-form";
    form.noValidate = true; // the script says what is missing, in the status line's words
    form.setAttribute("aria-labelledby", "draw-title");
    var title = document.createElement("p");
    title.className = "draw-title";
    title.id = "draw-title";
    form.appendChild(title);

    var damage = document.createElement("select");
    damage.name = "damage";
    damage.required = true;
    option(damage, "", t("chooseDamage"));
    (config.damageTypes || []).forEach(function (type) {
      option(damage, type.key, type.label);
    });
    var severity = document.createElement("select");
    severity.name = "severity";
    (config.severities || []).forEach(function (type) {
      option(severity, type.key, type.label);
    });
    var note = document.createElement("input");
    note.type = "text";
    note.name = "note";
    note.maxLength = 500;
    note.autocomplete = "off";
    form.appendChild(field(t("damage"), damage));
    form.appendChild(field(t("severity"), severity));
    form.appendChild(field(t("note"), note));

    var error = document.createElement("p");
    error.className = "draw-error";
    error.setAttribute("role", "alert");
    error.hidden = true;
    form.appendChild(error);

    var actions = document.createElement("p");
    actions.className = "draw-actions";
    var saveRegion = document.createElement("button");
    saveRegion.type = "submit";
    saveRegion.className = "draw-save";
    saveRegion.textContent = t("saveRegion");
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "draw-cancel";
    cancel.textContent = t("cancel");
    cancel.addEventListener("click", function () {
      setDrawing(null);
    });
    actions.appendChild(saveRegion);
    actions.appendChild(cancel);
    form.appendChild(actions);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitRegion();
    });
    return form;
  }

  function resetForm() {
    drawForm.elements.damage.value = "";
    drawForm.elements.severity.value = "moderate";
    if (drawForm.elements.severity.selectedIndex < 0) {
      drawForm.elements.severity.selectedIndex = 0;
    }
    drawForm.elements.note.value = "";
    formError("");
  }

  function formError(text) {
    var error = drawForm.querySelector(".draw-error");
    error.textContent = text;
    error.hidden = !text;
  }

  function openForm() {
    if (!drawForm) {
      drawForm = buildForm();
      resetForm();
    }
    var rect = pending.rect;
    drawForm.querySelector(".draw-title").textContent = t("drawTitle", {
      image: sideLabel(pending.side),
      w: String(rect.w),
      h: String(rect.h),
      x: String(rect.x),
      y: String(rect.y),
    });
    var opened = drawForm.hidden || drawForm.parentNode !== drawTools[pending.side];
    drawTools[pending.side].appendChild(drawForm);
    drawForm.hidden = false;
    showStatus();
    if (opened) {
      drawForm.scrollIntoView({ block: "nearest" });
      drawForm.elements.damage.focus({ preventScroll: true });
    }
  }

  function closeForm() {
    abortDrag();
    removePending();
    if (drawForm) {
      drawForm.hidden = true;
      resetForm();
    }
  }

  function submitRegion() {
    if (!pending || drawSaving) {
      return;
    }
    var elements = drawForm.elements;
    if (!elements.damage.value) {
      formError(t("chooseDamageFirst"));
      elements.damage.focus();
      return;
    }
    var side = pending.side;
    var image = sideImage(side);
    var rect = pending.rect;
    var body = {
      event_image: image.id,
      damage: elements.damage.value,
      severity: elements.severity.value,
      note: elements.note.value.trim(),
      x: rect.x,
      y: rect.y,
      width: rect.w,
      height: rect.h,
    };
    function done() {
      drawSaving = false;
      drawForm.querySelector(".draw-save").disabled = false;
    }
    drawSaving = true;
    drawForm.querySelector(".draw-save").disabled = true;
    formError("");
    state.error = "";
    state.message = t("saving");
    showStatus();
    postJson(config.observationUrl, body)
      .then(function (answer) {
        done();
        if (!answer.ok) {
          state.message = "";
          state.error = t("notSaved", { error: answer.data.error || "?" });
          if (pending) {
            formError(state.error); // the form stays, to try again or cancel
          }
          showStatus();
          return;
        }
        var data = answer.data;
        image.regions.push({
          id: data.id,
          x: data.x,
          y: data.y,
          w: data.w,
          h: data.h,
          label: data.label,
          damage: data.damage,
        });
        if (state.drawing === side) {
          setDrawing(null);
        }
        state.error = "";
        state.message = t("regionSaved", { label: data.label });
        drawRegions();
        showStatus();
      })
      .catch(function () {
        done();
        state.message = "";
        state.error = t("offline");
        if (pending) {
          formError(state.error);
        }
        showStatus();
      });
  }

  // ---------------------------------------------------------------------------------------------
  // Status line.
  function showStatus() {
    if (!statusElement) {
      return;
    }
    var text;
    var kind;
    if (state.error) {
      text = state.error;
      kind = "error";
    } else if (state.message) {
      text = state.message;
      kind = "info";
    } else if (state.registering) {
      text = half ? t(half.side === "a" ? "pickB" : "pickA") : t("registering", { n: String(pairs.length) });
      kind = "info";
    } else if (state.drawing) {
      text = pending ? t("drawChoose") : t("drawHelp", { image: sideLabel(state.drawing) });
      kind = "info";
    } else if (!imageA || !imageB) {
      text = t("noImage");
      kind = "warning";
    } else if (registration && registration.aligned) {
      text = t("aligned", { rms: registration.rms });
      kind = "aligned";
    } else if (registration) {
      text = t("pending", { rms: registration.rms });
      kind = "warning";
    } else {
      text = t(state.mode === "side" ? "notAlignedSide" : "notAlignedOver");
      var summary = registerElement && registerElement.querySelector("summary");
      if (summary) {
        text += " " + t("howTo", { register: summary.textContent.trim() });
      }
      kind = "warning";
    }
    statusElement.textContent = text;
    statusElement.setAttribute("data-kind", kind);
  }

  // ---------------------------------------------------------------------------------------------
  // Controls.
  function setMode(mode) {
    state.mode = mode;
    var radio = document.querySelector('#compare-controls input[name="mode"][value="' + mode + '"]');
    if (radio) {
      radio.checked = true;
    }
    writeQuery();
  }

  fillImageSelect(document.getElementById("image-a"), findEvent(chosen.a), chosen.a_image);
  fillImageSelect(document.getElementById("image-b"), findEvent(chosen.b), chosen.b_image);

  [
    ["event-a", "a"],
    ["event-b", "b"],
    ["image-a", "ia"],
    ["image-b", "ib"],
  ].forEach(function (entry) {
    var select = document.getElementById(entry[0]);
    if (select) {
      select.addEventListener("change", function () {
        choose(entry[1], select.value);
      });
    }
  });

  var form = document.getElementById("compare-controls");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
  }

  Array.prototype.forEach.call(
    document.querySelectorAll('#compare-controls input[name="mode"]'),
    function (radio) {
      radio.addEventListener("change", function () {
        if (!radio.checked) {
          return;
        }
        if (radio.value !== "side" && registerElement && registerElement.open) {
          registerElement.open = false; // registering needs side by side
          state.registering = false;
          half = null;
        }
        if (radio.value !== "side" && state.drawing) {
          leaveDrawing(); // so does drawing a region
        }
        setMode(radio.value);
        build();
        refreshPairs();
      });
    }
  );

  if (opacityInput) {
    opacityInput.addEventListener("input", function () {
      state.opacity = clamp01(opacityInput.value, state.opacity);
      var item = itemB();
      if (item && state.mode === "overlay") {
        item.setOpacity(state.opacity);
      }
      writeQuery();
    });
  }

  if (swipeInput) {
    swipeInput.addEventListener("input", function () {
      state.swipe = clamp01(swipeInput.value, state.swipe);
      updateClip();
      writeQuery();
    });
  }

  if (regionsBox) {
    regionsBox.addEventListener("change", function () {
      state.regions = regionsBox.checked;
      stage.classList.toggle("hide-regions", !state.regions);
    });
    stage.classList.toggle("hide-regions", !state.regions);
  }

  if (registerElement) {
    registerElement.addEventListener("toggle", function () {
      if (registerElement.open && state.drawing) {
        leaveDrawing(); // picking points and drawing a region both use the taps on the viewers
      }
      setRegistering(registerElement.open);
    });
    if (saveButton) {
      saveButton.addEventListener("click", save);
    }
    if (clearButton) {
      clearButton.addEventListener("click", function () {
        pairs = [];
        half = null;
        state.error = "";
        state.message = "";
        refreshPairs();
      });
    }
    refreshPairs();
  }

  setupDrawTools();
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && state.drawing && !event.defaultPrevented) {
      setDrawing(null);
    }
  });

  build();
  if (registration && registration.pending && !registration.aligned) {
    waitForAligned(registration); // tiling: show the aligned image as soon as it is ready
  }
  if (registerElement && registerElement.open) {
    setRegistering(true);
  }

  window.__compare = {
    state: state,
    viewers: viewers,
    tilesLoaded: function () {
      return { a: tilesLoaded.a, b: tilesLoaded.b };
    },
    items: function () {
      return { a: itemA(), b: itemB() };
    },
    alignedShown: alignedShown,
    view: currentView,
    clip: function () {
      var item = itemB();
      var clip = item && item.getClip();
      return clip ? { x: clip.x, y: clip.y, width: clip.width, height: clip.height } : null;
    },
    opacity: function () {
      var item = itemB();
      return item ? item.getOpacity() : null;
    },
    pairs: function () {
      return pairs.map(function (pair) {
        return pair.slice();
      });
    },
    drawing: function () {
      return {
        side: state.drawing,
        ready: Boolean(surface),
        pending: pending ? { x: pending.rect.x, y: pending.rect.y, w: pending.rect.w, h: pending.rect.h } : null,
      };
    },
  };
})();
