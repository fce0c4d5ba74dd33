/*
 * Full IIIF viewer page (iiif/templates/iiif/viewer.html): opens one manifest in the vendor
 * Mirador bundle (window.Mirador). Kept out of the template so that the page needs no inline
 * script (Content-Security-Policy: script-src 'self').
 *
 * Reads the manifest URL from <script id="manifest-url" type="application/json"> (Django's
 * json_script) and the language from <html lang>. Mirador fetches the manifest, its info.json
 * files and tiles itself; it loads no fonts or styles from the network.
 */
(function () {
  "use strict";

  var root = document.getElementById("mirador");
  var data = document.getElementById("manifest-url");
  if (!root || !data || !window.Mirador || typeof window.Mirador.viewer !== "function") {
    return; // the page's <noscript>/fallback link stays
  }

  var manifestUrl;
  try {
    manifestUrl = new URL(JSON.parse(data.textContent), document.baseURI).href;
  } catch (err) {
    return;
  }

  // The site's languages, under Mirador's own codes (it ships all six; Korean is "kr" there).
  var languages = { vi: "Tiếng Việt", en: "English", kr: "한국어", "zh-CN": "简体中文", ja: "日本語", fr: "Français" };
  var MIRADOR_CODES = { ko: "kr", "zh-hans": "zh-CN", "zh-cn": "zh-CN" };
  var pageLang = (document.documentElement.getAttribute("lang") || "vi").toLowerCase();
  var lang = MIRADOR_CODES[pageLang] || pageLang.split("-")[0];
  if (!languages[lang]) {
    lang = "vi";
  }

  // A content state (?iiif-content=, read by the server into {canvas, region}): open that canvas,
  // zoomed on the region. Mirador's viewport is in canvas pixels; zoom 1 fits one pixel's width.
  var windowConfig = { manifestId: manifestUrl, thumbnailNavigationPosition: "far-bottom" };
  var stateData = document.getElementById("content-state");
  if (stateData) {
    try {
      var opened = JSON.parse(stateData.textContent);
      if (opened.canvas) {
        windowConfig.canvasId = opened.canvas;
      }
      if (opened.region) {
        var r = opened.region;
        var aspect = root.clientHeight && root.clientWidth ? root.clientHeight / root.clientWidth : 1;
        windowConfig.initialViewerConfig = {
          x: r[0] + r[2] / 2,
          y: r[1] + r[3] / 2,
          zoom: 1 / Math.max(r[2], r[3] / aspect) / 1.1,
        };
      }
    } catch (err) {
      // a malformed state opens the manifest at its start
    }
  }

  var narrow = window.matchMedia && window.matchMedia("(max-width: 600px)").matches;

  var fallback = document.getElementById("viewer-fallback");
  if (fallback) {
    fallback.hidden = true;
  }

  // Kept on window so that a test (or a curious reader's console) can read where the viewer is.
  window.miradorInstance = window.Mirador.viewer({
    id: "mirador",
    language: lang,
    availableLanguages: languages,
    selectedTheme: "light",
    theme: {
      typography: {
        // System fonts, as the rest of the site: nothing to download, Vietnamese diacritics.
        fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
      },
    },
    windows: [windowConfig],
    window: {
      allowClose: false,
      allowMaximize: false,
      allowFullscreen: true,
      sideBarOpen: !narrow,
      sideBarPanel: "info",
    },
    // The workspace panel (add/compare other manifests) takes too much room on a phone.
    workspaceControlPanel: { enabled: !narrow },
    workspace: { showZoomControls: true },
  });
})();
