/*
 * Compare page, part 4 of 8: the condition regions already recorded, as overlays on the viewers.
 */
import { C } from "./compare-core.js";

(function () {
  if (!C || !C.ready) {
    return; // the page stays a plain form (compare-core.js found no viewer or no config)
  }
  var OSD = C.OSD;
  var state = C.state;
  var labelA = C.labelA;
  var labelB = C.labelB;
  var imageA = C.imageA;
  var imageB = C.imageB;
  var registration = C.registration;
  var viewers = C.viewers;
  var scene = C.scene;

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
    scene.regionOverlays.forEach(function (entry) {
      entry.viewer.removeOverlay(entry.element);
    });
    scene.regionOverlays = [];
    var single = state.mode !== "side";
    [
      ["a", imageA, viewers.a, C.itemA(), false],
      ["b", imageB, C.viewerOfB(), C.itemB(), C.alignedShown()],
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
        scene.regionOverlays.push({ viewer: viewer, element: element });
      });
    });
  }

  C.drawRegions = drawRegions;
})();
