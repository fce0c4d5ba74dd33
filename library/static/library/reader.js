// Reading room reader: tabs for the page's texts on a phone, and deep zoom on request.
// Without script the tabs are plain links (#t-…) that CSS answers with :target, and the page
// image stays a static IIIF picture.
(function () {
  "use strict";

  var texts = document.querySelector(".reader-texts");
  var tabList = texts && texts.querySelector(".tabs");
  if (tabList) {
    var links = Array.prototype.slice.call(tabList.querySelectorAll("a[href^='#t-']"));
    var panelOf = function (link) { return document.getElementById(link.getAttribute("href").slice(1)); };
    var select = function (link, focus) {
      links.forEach(function (other) {
        var on = other === link;
        other.setAttribute("aria-selected", on ? "true" : "false");
        other.tabIndex = on ? 0 : -1;
        var panel = panelOf(other);
        if (panel) panel.classList.toggle("is-active", on);
      });
      if (focus) link.focus();
    };
    tabList.setAttribute("role", "tablist");
    links.forEach(function (link) {
      var panel = panelOf(link);
      link.setAttribute("role", "tab");
      link.id = "tab-" + link.getAttribute("href").slice(2);
      if (panel) {
        panel.setAttribute("role", "tabpanel");
        panel.setAttribute("aria-labelledby", link.id);
      }
      link.addEventListener("click", function (event) {
        event.preventDefault();
        select(link, false);
        history.replaceState(null, "", link.getAttribute("href"));
      });
      link.addEventListener("keydown", function (event) {
        var step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (!step) return;
        event.preventDefault();
        select(links[(links.indexOf(link) + step + links.length) % links.length], true);
      });
    });
    // The tab asked for in the address, else the first holding a search match, else the first.
    var wanted = links.filter(function (link) { return link.getAttribute("href") === location.hash; })[0];
    var matched = links.filter(function (link) {
      var panel = panelOf(link);
      return panel && panel.querySelector("mark");
    })[0];
    texts.classList.add("js-tabs");
    select(wanted || matched || links[0], false);
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".zoom-start");
    if (!button) return;
    var box = button.closest(".zoomable");
    button.disabled = true;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = box.dataset.deepzoomCss;
    document.head.appendChild(css);
    var ready = window.heritageDeepZoom
      ? Promise.resolve()
      : loadScript(box.dataset.osdSrc).then(function () { return loadScript(box.dataset.deepzoomSrc); });
    ready.then(function () {
      box.setAttribute("data-cooperative-gestures", "true");
      box.setAttribute("data-iiif-info", box.getAttribute("data-zoom-info"));
      box.classList.add("zoomable--started");
      window.heritageDeepZoom.init();
    }, function () {
      button.disabled = false;
    });
  });
})();
