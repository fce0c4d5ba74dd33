/*
 * Compare page (restoration/compare.html), part 1 of 8: the shared core. Reads the JSON config in
 * #compare-config (restoration.compare) and sets up C, the one namespace the
 * page's scripts share: the config, the strings table, the page's elements, the state, the address
 * (shareable URL state), the status line and the JSON posts. ES modules, no build step: compare.js
 * imports the parts in order; the vendored OpenSeadragon is a classic script loaded before them.
 *
 * Coordinates: "image pixels" are continuous coordinates of the full-resolution image, (0, 0) the
 * top-left corner (as the registration uses them); OpenSeadragon's viewport coordinates are
 * normalised by the width of the first image.
 *
 * The state is mirrored in the query string (history.replaceState), so the address can be shared:
 * mode, opacity, swipe and view=x,y,w,h (the visible region in the before image's pixels).
 */
// The namespace every part of the page shares (the later parts find ready false, and do nothing,
// when this one gives up).
export const C = { ready: false };

(function () {
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
      aligned: "Aligned by registration (each point within {check} px of where the others put it).",
      pending: "Registered (each point within {check} px of where the others put it); the aligned image is still being prepared, reload in a moment.",
      notAlignedSide: "Not aligned yet: the two views are locked by position only (not registered yet).",
      notAlignedOver: "Not aligned yet: the after image is only scaled to the before image's width.",
      howTo: "To align them, open “{register}” below and pick at least 4 pairs of points.",
      registering: "Control points: {n} pairs (at least 4). Tap a feature in one image, then in the other.",
      pickB: "Now tap the same feature in the after image.",
      pickA: "Now tap the same feature in the before image.",
      saving: "Saving…",
      saved: "Saved (each point within {check} px of where the others put it); preparing the aligned image…",
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
      aligned: "Đã căn chỉnh theo điểm khống chế (mỗi điểm lệch tối đa {check} px so với vị trí các điểm còn lại dự đoán).",
      pending: "Đã căn chỉnh (mỗi điểm lệch tối đa {check} px so với vị trí các điểm còn lại dự đoán); ảnh căn chỉnh đang được chuẩn bị, hãy tải lại sau ít phút.",
      notAlignedSide: "Chưa căn chỉnh: hai ảnh chỉ được khóa theo vị trí (chưa đăng ký ảnh).",
      notAlignedOver: "Chưa căn chỉnh: ảnh sau chỉ được co giãn theo chiều rộng ảnh trước.",
      howTo: "Để căn chỉnh, mở “{register}” bên dưới và chọn ít nhất 4 cặp điểm.",
      registering: "Điểm khống chế: {n} cặp (ít nhất 4). Chạm vào một chi tiết trên ảnh này, rồi trên ảnh kia.",
      pickB: "Giờ chạm vào cùng chi tiết đó trên ảnh sau.",
      pickA: "Giờ chạm vào cùng chi tiết đó trên ảnh trước.",
      saving: "Đang lưu…",
      saved: "Đã lưu (mỗi điểm lệch tối đa {check} px so với vị trí các điểm còn lại dự đoán); đang chuẩn bị ảnh căn chỉnh…",
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
  // Helpers the other parts share.
  function sideLabel(side) {
    return side === "a" ? labelA : labelB;
  }

  function sideImage(side) {
    return side === "a" ? imageA : imageB;
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
      var half = C.pendingHalf(); // a point waiting for its partner (compare-register.js)
      text = half ? t(half.side === "a" ? "pickB" : "pickA") : t("registering", { n: String(C.pairCount()) });
      kind = "info";
    } else if (state.drawing) {
      text = C.pendingRegion() ? t("drawChoose") : t("drawHelp", { image: sideLabel(state.drawing) });
      kind = "info";
    } else if (!imageA || !imageB) {
      text = t("noImage");
      kind = "warning";
    } else if (registration && registration.aligned) {
      text = t("aligned", { check: registration.check });
      kind = "aligned";
    } else if (registration) {
      text = t("pending", { check: registration.check });
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

  C.OSD = OSD;
  C.config = config;
  C.chosen = chosen;
  C.t = t;
  C.stage = stage;
  C.elementA = elementA;
  C.elementB = elementB;
  C.swipeInput = swipeInput;
  C.opacityInput = opacityInput;
  C.regionsBox = regionsBox;
  C.registerElement = registerElement;
  C.pairsList = pairsList;
  C.saveButton = saveButton;
  C.clearButton = clearButton;
  C.labelA = labelA;
  C.labelB = labelB;
  C.prefixUrl = prefixUrl;
  C.imageA = imageA;
  C.imageB = imageB;
  C.registration = registration;
  C.state = state;
  C.findEvent = findEvent;
  C.clamp01 = clamp01;
  C.writeQuery = writeQuery;
  C.choose = choose;
  C.fillImageSelect = fillImageSelect;
  C.sideLabel = sideLabel;
  C.sideImage = sideImage;
  C.postJson = postJson;
  C.showStatus = showStatus;
  C.ready = true;
})();
