// As-you-type suggestions for the search box, and "near me". Without JavaScript the form still works.
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest-url]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById("search-suggestions");
  var url = form.getAttribute("data-suggest-url");
  var lang = document.documentElement.lang || "vi";
  var timer = null, controller = null, active = -1;

  function close() {
    list.hidden = true; list.innerHTML = ""; active = -1;
    input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
  }

  function show(items) {
    list.innerHTML = "";
    items.forEach(function (item, i) {
      var li = document.createElement("li"), a = document.createElement("a");
      li.id = "suggestion-" + i; li.setAttribute("role", "option");
      a.href = item.url; a.textContent = item.title;
      li.appendChild(a); list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
  }

  function fetchSuggestions() {
    var q = input.value.trim();
    if (q.length < 2) { close(); return; }
    if (controller) controller.abort();
    controller = new AbortController();
    fetch(url + "?lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q), {signal: controller.signal})
      .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
      .then(function (data) { show(data.suggestions); })
      .catch(function () { /* offline or superseded: the form still submits */ });
  }

  function move(step) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    if (active >= 0) options[active].removeAttribute("aria-selected");
    active = (active + step + options.length) % options.length;
    options[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[active].id);
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(fetchSuggestions, 150); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { move(1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { move(-1); event.preventDefault(); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = list.querySelectorAll("[role=option] a")[active].href;
    }
  });
  document.addEventListener("click", function (event) { if (!form.contains(event.target)) close(); });

  var near = form.querySelector(".near-me");
  if (near && "geolocation" in navigator) {
    near.hidden = false;
    near.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        var params = new URLSearchParams(window.location.search);
        params.set("near", position.coords.latitude.toFixed(4) + "," + position.coords.longitude.toFixed(4));
        params.set("sort", "distance"); params.delete("page");
        window.location.search = params.toString();
      }, function () { near.textContent = near.getAttribute("data-label-error"); }, {timeout: 10000});
    });
  }
})();
