/*
 * The compare page of the restoration archive (restoration/compare.html): two documentation events'
 * photographs of one record in deep zoom. ES modules, no build step; needs the vendored
 * OpenSeadragon (a classic script) loaded first. Reads the JSON config in #compare-config (restoration.compare).
 *
 * Modes: "side" (two viewers, pan and zoom locked together), "swipe" (one viewer, the after image
 * clipped right of a movable line) and "overlay" (the after image over the before one, translucent).
 *
 * The page's modules share one namespace, C (exported by compare-core.js); this module imports
 * the others in this order (each defines its part; only this last one acts on the page):
 *   compare-core.js       config, strings, page elements, state, address (URL state), status line
 *   compare-viewers.js    the OpenSeadragon viewers, side-by-side lock, the view in the address
 *   compare-modes.js      swipe and overlay
 *   compare-regions.js    the condition regions' overlays
 *   compare-register.js   control points, saving a registration, waiting for the aligned image
 *   compare-draw.js       draw mode: drawing a condition region's rectangle
 *   compare-draw-form.js  the form that saves the drawn region
 *   compare.js            this file: wires the controls, builds the viewers, window.__compare
 *
 * window.__compare is a small debug handle (used by the browser tests).
 */
import { C } from "./compare-core.js";
import "./compare-viewers.js";
import "./compare-modes.js";
import "./compare-regions.js";
import "./compare-register.js";
import "./compare-draw.js";
import "./compare-draw-form.js";

(function () {
  if (!C || !C.ready) {
    return; // the page stays a plain form (compare-core.js found no viewer or no config)
  }
  var chosen = C.chosen;
  var state = C.state;
  var stage = C.stage;
  var swipeInput = C.swipeInput;
  var opacityInput = C.opacityInput;
  var regionsBox = C.regionsBox;
  var registerElement = C.registerElement;
  var saveButton = C.saveButton;
  var clearButton = C.clearButton;
  var registration = C.registration;
  var findEvent = C.findEvent;
  var clamp01 = C.clamp01;
  var writeQuery = C.writeQuery;
  var choose = C.choose;
  var fillImageSelect = C.fillImageSelect;
  var viewers = C.viewers;

  // ---------------------------------------------------------------------------------------------
  // Controls.

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
          C.dropRegistering();
        }
        if (radio.value !== "side" && state.drawing) {
          C.leaveDrawing(); // so does drawing a region
        }
        C.setMode(radio.value);
        C.build();
        C.refreshPairs();
      });
    }
  );

  if (opacityInput) {
    opacityInput.addEventListener("input", function () {
      state.opacity = clamp01(opacityInput.value, state.opacity);
      var item = C.itemB();
      if (item && state.mode === "overlay") {
        item.setOpacity(state.opacity);
      }
      writeQuery();
    });
  }

  if (swipeInput) {
    swipeInput.addEventListener("input", function () {
      state.swipe = clamp01(swipeInput.value, state.swipe);
      C.updateClip();
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
        C.leaveDrawing(); // picking points and drawing a region both use the taps on the viewers
      }
      C.setRegistering(registerElement.open);
    });
    if (saveButton) {
      saveButton.addEventListener("click", C.save);
    }
    if (clearButton) {
      clearButton.addEventListener("click", C.clearPoints);
    }
    C.refreshPairs();
  }

  C.setupDrawTools();
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && state.drawing && !event.defaultPrevented) {
      C.setDrawing(null);
    }
  });

  C.build();
  if (registration && registration.pending && !registration.aligned) {
    C.waitForAligned(registration); // tiling: show the aligned image as soon as it is ready
  }
  if (registerElement && registerElement.open) {
    C.setRegistering(true);
  }

  window.__compare = {
    state: state,
    viewers: viewers,
    tilesLoaded: function () {
      return C.tilesLoaded();
    },
    items: function () {
      return { a: C.itemA(), b: C.itemB() };
    },
    alignedShown: C.alignedShown,
    view: C.currentView,
    clip: function () {
      var item = C.itemB();
      var clip = item && item.getClip();
      return clip ? { x: clip.x, y: clip.y, width: clip.width, height: clip.height } : null;
    },
    opacity: function () {
      var item = C.itemB();
      return item ? item.getOpacity() : null;
    },
    pairs: function () {
      return C.pairsCopy();
    },
    drawing: function () {
      var pending = C.pendingRegion();
      return {
        side: state.drawing,
        ready: C.drawReady(),
        pending: pending ? { x: pending.rect.x, y: pending.rect.y, w: pending.rect.w, h: pending.rect.h } : null,
      };
    },
  };
})();
