/*
 * Deep zoom for record pages: one OpenSeadragon viewer per element carrying an IIIF Image API
 * info.json URL. Plain ES2017, no build step. Needs the vendor OpenSeadragon loaded first:
 *
 *   <script src="{% static 'iiif/vendor/openseadragon/openseadragon.min.js' %}" defer></script>
 *   <script src="{% static 'iiif/deepzoom.js' %}" defer></script>
 *
 *   <figure>
 *     <div class="deepzoom" data-iiif-info="/iiif/3/QN-HV-0001-01/info.json"
 *          data-label="Bình gốm Chu Đậu, mặt trước"
 *          data-osd-prefix="{% static 'iiif/vendor/openseadragon/images/' %}">
 *       <img src="…web rendition…" alt="Bình gốm Chu Đậu, mặt trước" loading="lazy">
 *     </div>
 *   </figure>
 *
 * Attributes: data-iiif-info (required; absolute or root-relative URL of an info.json),
 * data-osd-prefix (required; URL of OpenSeadragon's button images, ending in "/"), data-label
 * (accessible name of the zoomable image; falls back to the fallback image's alt text),
 * data-cooperative-gestures="true" (optional: one finger scrolls the page, two fingers pan/zoom;
 * plain wheel scrolls, Ctrl/Cmd+wheel zooms).
 *
 * The element's own content (a plain <img>) is the fallback: it stays until the tile source has
 * opened and its first tiles are drawn, so a missing script, an old browser or a failing
 * info.json (404, invalid JSON) leaves the plain image. Viewers are only created when their
 * element comes near the viewport, so a phone fetches no tiles for images it never shows.
 * State is exposed as data-deepzoom="waiting" | "loading" | "ready" | "failed" for styling/tests.
 */
(function () {
  "use strict";

  var OSD = window.OpenSeadragon;
  if (typeof OSD !== "function" || !document.querySelectorAll || !window.URL) {
    return; // fallback images stay
  }

  var lang = (document.documentElement.getAttribute("lang") || "").toLowerCase();
  // The visitor languages beside vi and en: the viewer's buttons follow the page.
  var VISITOR_STRINGS = {
    ko: ["전체 화면", "전체 보기", "확대", "축소", "두 손가락으로 이미지를 움직이세요", "{0} 키를 누른 채 스크롤하면 확대됩니다"],
    "zh-hans": ["全屏", "查看全图", "放大", "缩小", "用两根手指移动图片", "按住 {0} 并滚动以缩放图片"],
    ja: ["全画面", "全体を表示", "拡大", "縮小", "2本の指で画像を動かします", "{0} を押しながらスクロールで拡大"],
    fr: ["Plein écran", "Voir toute l'image", "Zoom avant", "Zoom arrière", "Utilisez deux doigts pour déplacer l'image", "Maintenez {0} et faites défiler pour zoomer"],
  };
  var KEYS = ["Tooltips.FullPage", "Tooltips.Home", "Tooltips.ZoomIn", "Tooltips.ZoomOut", "GestureHints.Touch", "GestureHints.Scroll"];
  if (VISITOR_STRINGS[lang]) {
    KEYS.forEach(function (key, i) {
      OSD.setString(key, VISITOR_STRINGS[lang][i]);
    });
  }
  if (lang === "vi" || lang.indexOf("vi-") === 0) {
    var vi = {
      "Tooltips.FullPage": "Toàn màn hình",
      "Tooltips.Home": "Xem toàn ảnh",
      "Tooltips.ZoomIn": "Phóng to",
      "Tooltips.ZoomOut": "Thu nhỏ",
      "Tooltips.NextPage": "Trang sau",
      "Tooltips.PreviousPage": "Trang trước",
      "Tooltips.RotateLeft": "Xoay trái",
      "Tooltips.RotateRight": "Xoay phải",
      "Tooltips.Flip": "Lật ngang",
      "GestureHints.Touch": "Dùng hai ngón tay để di chuyển ảnh",
      "GestureHints.Scroll": "Giữ {0} và cuộn để phóng to ảnh",
    };
    Object.keys(vi).forEach(function (key) {
      OSD.setString(key, vi[key]);
    });
  }

  // How long to keep the fallback image once the tile source has opened, if the first tiles
  // are slow to arrive.
  var REVEAL_AFTER_MS = 4000;

  function create(el) {
    if (el.getAttribute("data-deepzoom") !== "waiting") {
      return;
    }
    el.setAttribute("data-deepzoom", "loading");

    var info = el.getAttribute("data-iiif-info");
    var prefix = el.getAttribute("data-osd-prefix") || "";
    if (prefix && prefix.charAt(prefix.length - 1) !== "/") {
      prefix += "/";
    }
    var fallbackImg = el.querySelector("img");
    var label = el.getAttribute("data-label") || (fallbackImg && fallbackImg.getAttribute("alt")) || "";
    var crossOrigin = new URL(info, document.baseURI).origin !== window.location.origin;

    // The viewer is built in its own box laid over the fallback, hidden until it has tiles.
    var box = document.createElement("div");
    box.className = "deepzoom__viewer";
    box.style.visibility = "hidden";
    el.appendChild(box);

    var viewer;
    try {
      viewer = OSD({
        element: box,
        tileSources: info,
        prefixUrl: prefix,
        // Tiles from another origin need CORS (the info.json request already did) so that the
        // WebGL drawer may use them.
        crossOriginPolicy: crossOrigin ? "Anonymous" : false,
        tabIndex: 0,
        showNavigator: false,
        showRotationControl: false,
        showZoomControl: true,
        showHomeControl: true,
        showFullPageControl: true,
        autoHideControls: false, // no hover on phones: keep the buttons visible
        maxZoomPixelRatio: 2,
        cooperativeGestures: el.getAttribute("data-cooperative-gestures") === "true",
      });
    } catch (err) {
      box.remove();
      el.setAttribute("data-deepzoom", "failed");
      return;
    }

    var canvas = viewer.canvas;
    canvas.setAttribute("role", "application");
    canvas.setAttribute("aria-roledescription", lang.indexOf("vi") === 0 ? "ảnh phóng to được" : "zoomable image");
    if (label) {
      canvas.setAttribute("aria-label", label);
    }

    var revealed = false;
    function reveal() {
      if (revealed || el.getAttribute("data-deepzoom") !== "loading") {
        return;
      }
      revealed = true;
      // Only now replace the fallback content with the viewer.
      Array.prototype.slice.call(el.childNodes).forEach(function (node) {
        if (node !== box) {
          el.removeChild(node);
        }
      });
      box.style.visibility = "";
      el.setAttribute("data-deepzoom", "ready");
    }

    viewer.addOnceHandler("open", function () {
      var item = viewer.world.getItemAt(0);
      if (item && item.getFullyLoaded && item.getFullyLoaded()) {
        reveal();
      } else if (item) {
        item.addOnceHandler("fully-loaded-change", reveal);
      }
      window.setTimeout(reveal, REVEAL_AFTER_MS);
    });
    viewer.addOnceHandler("open-failed", function () {
      if (revealed) {
        return;
      }
      el.setAttribute("data-deepzoom", "failed");
      window.setTimeout(function () {
        viewer.destroy();
        box.remove();
      }, 0);
    });
  }

  function init() {
    var elements = Array.prototype.slice.call(document.querySelectorAll("[data-iiif-info]"));
    elements = elements.filter(function (el) {
      if (el.hasAttribute("data-deepzoom") || !el.getAttribute("data-iiif-info")) {
        return false;
      }
      el.setAttribute("data-deepzoom", "waiting");
      return true;
    });
    if (!elements.length) {
      return;
    }
    if (!("IntersectionObserver" in window)) {
      elements.forEach(create);
      return;
    }
    var observer = new IntersectionObserver(
      function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            observer.unobserve(entry.target);
            create(entry.target);
          }
        });
      },
      { rootMargin: "200px 0px" }
    );
    elements.forEach(function (el) {
      observer.observe(el);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  // For content added later (e.g. a page of a document loaded on demand).
  window.heritageDeepZoom = { init: init };
})();
