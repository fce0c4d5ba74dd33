/*
 * Compare page, part 3 of 8: the single-viewer modes. "swipe" (the after image clipped right of a
 * movable line) and "overlay" (the after image over the before one, translucent).
 */
import { C } from "./compare-core.js";

(function () {
  if (!C || !C.ready) {
    return; // the page stays a plain form (compare-core.js found no viewer or no config)
  }
  var OSD = C.OSD;
  var state = C.state;
  var writeQuery = C.writeQuery;
  var showStatus = C.showStatus;
  var viewers = C.viewers;
  var scene = C.scene;

  function bOpacity() {
    return state.mode === "overlay" ? state.opacity : 1;
  }

  function applyMode() {
    var item = C.itemB();
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
    if (scene.divider) {
      scene.divider.hidden = state.mode !== "swipe";
      scene.divider.style.left = state.swipe * 100 + "%";
    }
    var item = C.itemB();
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

  function setMode(mode) {
    state.mode = mode;
    var radio = document.querySelector('#compare-controls input[name="mode"][value="' + mode + '"]');
    if (radio) {
      radio.checked = true;
    }
    writeQuery();
  }

  C.applyMode = applyMode;
  C.bOpacity = bOpacity;
  C.setMode = setMode;
  C.updateClip = updateClip;
})();
