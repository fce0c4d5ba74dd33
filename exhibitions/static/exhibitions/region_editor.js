/*
 * Exhibition editor: under each "text with an image region" step, a button shows the chosen image;
 * the curator drags a rectangle on it and the region's x, y, width and height (in the image's
 * pixels) are filled in. Steps are drawn by Wagtail's StreamField at run time, so new ones are
 * found as they appear.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var urlTemplate = script.dataset.imageUrl; // …/image/0.json
  var labels = JSON.parse(script.dataset.labels);
  var NAMES = ["x", "y", "w", "h"];

  function setValue(input, value) {
    input.value = value === null ? "" : String(value);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function setup(block) {
    if (block.dataset.regionEditor) return;
    var image = block.querySelector('input[type="hidden"][name$="-image"]');
    var inputs = NAMES.map(function (name) {
      return block.querySelector('input[name$="-region-' + name + '"]');
    });
    if (!image || inputs.some(function (input) { return !input; })) return;
    block.dataset.regionEditor = "ready";

    var box = document.createElement("div");
    box.className = "exhibition-region-editor";
    var draw = document.createElement("button");
    draw.type = "button";
    draw.className = "button button-small button-secondary region-draw";
    draw.textContent = labels.draw;
    var whole = document.createElement("button");
    whole.type = "button";
    whole.className = "button button-small button-secondary region-whole";
    whole.textContent = labels.whole;
    var hint = document.createElement("p");
    hint.className = "region-hint";
    hint.setAttribute("role", "status");
    var stage = document.createElement("div");
    stage.className = "region-stage";
    stage.hidden = true;
    var picture = document.createElement("img");
    picture.alt = "";
    var rect = document.createElement("div");
    rect.className = "region-rect";
    rect.hidden = true;
    stage.append(picture, rect);
    box.append(draw, " ", whole, hint, stage);
    var region = inputs[0].closest(".exhibition-region") || inputs[3].parentNode;
    region.after(box);

    var size = null;

    function scale() {
      return size.width / picture.clientWidth;
    }

    function showRect(x, y, w, h) {
      var s = scale();
      rect.hidden = false;
      rect.style.left = x / s + "px";
      rect.style.top = y / s + "px";
      rect.style.width = w / s + "px";
      rect.style.height = h / s + "px";
    }

    function showCurrent() {
      var values = inputs.map(function (input) { return input.value === "" ? null : Number(input.value); });
      if (values.every(function (v) { return v !== null; })) showRect(values[0], values[1], values[2], values[3]);
      else rect.hidden = true;
    }

    draw.addEventListener("click", function () {
      if (!image.value) {
        hint.textContent = labels.choose;
        return;
      }
      fetch(urlTemplate.replace(/0\.json$/, image.value + ".json"), { credentials: "same-origin" })
        .then(function (response) {
          return response.json().then(function (data) {
            if (!response.ok) throw new Error(data.error || labels.failed);
            return data;
          });
        })
        .then(function (data) {
          size = data;
          picture.onload = function () {
            stage.hidden = false;
            hint.textContent = labels.hint;
            showCurrent();
          };
          picture.src = data.preview;
        })
        .catch(function (error) {
          hint.textContent = error.message || labels.failed;
        });
    });

    whole.addEventListener("click", function () {
      inputs.forEach(function (input) { setValue(input, null); });
      rect.hidden = true;
    });

    var start = null;
    function point(event) {
      var bounds = picture.getBoundingClientRect();
      return {
        x: Math.min(Math.max(event.clientX - bounds.left, 0), bounds.width),
        y: Math.min(Math.max(event.clientY - bounds.top, 0), bounds.height),
      };
    }
    function extent(a, b) {
      var s = scale();
      var x = Math.round(Math.min(a.x, b.x) * s);
      var y = Math.round(Math.min(a.y, b.y) * s);
      var w = Math.max(1, Math.min(size.width - x, Math.round(Math.abs(b.x - a.x) * s)));
      var h = Math.max(1, Math.min(size.height - y, Math.round(Math.abs(b.y - a.y) * s)));
      return [x, y, w, h];
    }
    stage.addEventListener("pointerdown", function (event) {
      if (!size) return;
      event.preventDefault();
      stage.setPointerCapture(event.pointerId);
      start = point(event);
    });
    stage.addEventListener("pointermove", function (event) {
      if (!start) return;
      var r = extent(start, point(event));
      showRect(r[0], r[1], r[2], r[3]);
    });
    stage.addEventListener("pointerup", function (event) {
      if (!start) return;
      var r = extent(start, point(event));
      start = null;
      if (r[2] < 8 || r[3] < 8) return; // a click, not a drag
      inputs.forEach(function (input, index) { setValue(input, r[index]); });
      showRect(r[0], r[1], r[2], r[3]);
    });
    image.addEventListener("change", function () {
      stage.hidden = true;
      size = null;
    });
  }

  function scan() {
    document.querySelectorAll(".exhibition-view").forEach(setup);
  }

  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
  scan();
})();
