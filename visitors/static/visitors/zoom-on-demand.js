// Phone-first record pages: each image is a plain IIIF picture (fast to show, one finger scrolls
// the page over it). Deep zoom starts only when the reader asks for it, and then with cooperative
// gestures: two fingers pan and zoom, one finger keeps scrolling the page; full screen is a button.
(function () {
  "use strict";
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }
  function ready() {
    if (window.heritageDeepZoom) return Promise.resolve();
    var el = document.getElementById("zoom-scripts");
    if (!el) return Promise.reject(new Error("no viewer"));
    return loadScript(el.dataset.osd).then(function () { return loadScript(el.dataset.deepzoom); });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".zoom-start");
    if (!button) return;
    var box = button.closest(".zoomable");
    button.disabled = true;
    ready().then(function () {
      box.setAttribute("data-cooperative-gestures", "true");
      box.setAttribute("data-iiif-info", box.getAttribute("data-zoom-info"));
      box.classList.add("zoomable--started");
      window.heritageDeepZoom.init();
    }, function () {
      button.disabled = false;
    });
  });
})();
