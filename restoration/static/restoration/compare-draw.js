/*
 * Compare page, part 6 of 8: draw mode. Curators may draw a condition region (side by side only, on
 * an event not yet sealed): in draw mode a drag on that viewer outlines a rectangle instead of
 * panning; it is saved as a condition observation in the image pixels of the image that viewer
 * shows (the after viewer shows the after image's own pixels while drawing on it, as while
 * registering). The form that follows the drag is in compare-draw-form.js.
 */
import { C } from "./compare-core.js";

(function () {
  if (!C || !C.ready) {
    return; // the page stays a plain form (compare-core.js found no viewer or no config)
  }
  var OSD = C.OSD;
  var config = C.config;
  var chosen = C.chosen;
  var state = C.state;
  var t = C.t;
  var registerElement = C.registerElement;
  var findEvent = C.findEvent;
  var showStatus = C.showStatus;
  var sideLabel = C.sideLabel;
  var sideImage = C.sideImage;
  var viewers = C.viewers;

  // ---------------------------------------------------------------------------------------------
  // Drawing a condition region (curators, side by side, events not yet sealed). In draw mode the
  // viewer's own pan and zoom gestures are off and a transparent surface over it turns a drag (one
  // finger or the mouse) into a rectangle; its corners are kept in image pixels, so it stays on the
  // same stones if the other (locked) viewer moves this one. After the drag a small form asks for
  // the damage and severity; saving posts it as a condition observation of that image.
  var MIN_DRAG = 6; // CSS pixels in both directions: less is a tap or a slip, not a region
  var drawTools = (C.drawTools = { a: null, b: null });
  var drawButtons = {};
  var surface = null; // {side, element}
  var navOff = null; // the viewer whose navigation drawing has switched off
  var drag = null; // {id, start (image point), box (element)}

  function drawItem() {
    return state.drawing === "a" ? C.itemA() : state.drawing === "b" ? C.itemB() : null;
  }

  function setupDrawTools() {
    if (!config.canRegister || !config.observationUrl) {
      return;
    }
    ["a", "b"].forEach(function (side) {
      var tools = document.getElementById("draw-tools-" + side);
      if (!tools || !sideImage(side)) {
        return;
      }
      var event = findEvent(side === "a" ? chosen.a : chosen.b);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "draw-button";
      button.id = "draw-" + side;
      button.textContent = t("draw", { image: sideLabel(side) });
      tools.appendChild(button);
      if (event && event.sealed) {
        button.disabled = true;
        var note = document.createElement("span");
        note.className = "draw-note";
        note.id = "draw-note-" + side;
        note.textContent = t("sealedNote");
        button.setAttribute("aria-describedby", note.id);
        tools.appendChild(note);
      } else {
        button.addEventListener("click", function () {
          setDrawing(state.drawing === side ? null : side);
        });
      }
      tools.hidden = false;
      drawTools[side] = tools;
      drawButtons[side] = button;
    });
  }

  // Leave draw mode without rebuilding the viewers (the caller builds).
  function leaveDrawing() {
    var side = state.drawing;
    C.closeForm();
    state.drawing = null;
    Object.keys(drawButtons).forEach(function (key) {
      drawButtons[key].textContent = t("draw", { image: sideLabel(key) });
    });
    return side;
  }

  function setDrawing(side) {
    side = side || null;
    if (side === state.drawing || (side && (state.mode !== "side" || !sideImage(side)))) {
      return;
    }
    var focusInForm = C.formHasFocus();
    var left = leaveDrawing();
    state.error = "";
    state.message = "";
    if (side) {
      if (state.registering) {
        registerElement.open = false; // its toggle event then finds registering already off
        C.dropRegistering();
      }
      state.drawing = side;
      drawButtons[side].textContent = t("stopDraw");
    }
    C.build(); // the after viewer shows its own pixels while a region is drawn on it
    C.refreshPairs(); // markers and the status line
    if (!side && left && focusInForm && drawButtons[left]) {
      drawButtons[left].focus();
    }
  }

  // Put the drawing surface over the viewer being drawn on (once it has opened), and switch its
  // gestures off; every other viewer navigates.
  function syncDrawing() {
    if (surface) {
      if (surface.element.parentNode) {
        surface.element.parentNode.removeChild(surface.element);
      }
      surface = null;
    }
    drag = null;
    var side = state.drawing;
    var viewer = side ? viewers[side] : null;
    if (navOff && navOff !== viewer && (navOff === viewers.a || navOff === viewers.b)) {
      navOff.setMouseNavEnabled(true);
    }
    navOff = null;
    if (!viewer || !drawItem()) {
      return; // called again when it has opened
    }
    viewer.setMouseNavEnabled(false);
    navOff = viewer;
    var element = document.createElement("div");
    element.className = "draw-surface";
    element.addEventListener("pointerdown", startDrag);
    element.addEventListener("pointermove", function (event) {
      if (drag && event.pointerId === drag.id) {
        moveDrag(event);
      }
    });
    element.addEventListener("pointerup", function (event) {
      if (drag && event.pointerId === drag.id) {
        finishDrag(event);
      }
    });
    element.addEventListener("pointercancel", function (event) {
      if (drag && event.pointerId === drag.id) {
        abortDrag();
      }
    });
    element.addEventListener("contextmenu", function (event) {
      event.preventDefault(); // a long press draws, it does not open a menu
    });
    viewer.element.appendChild(element);
    surface = { side: side, element: element };
  }

  function elementPoint(event) {
    var box = surface.element.getBoundingClientRect();
    return new OSD.Point(event.clientX - box.left, event.clientY - box.top);
  }

  function startDrag(event) {
    if (drag) {
      abortDrag(); // a second finger: a pinch, not a rectangle
      return;
    }
    var item = drawItem();
    if (!event.isPrimary || event.button !== 0 || C.regionSaving() || !item) {
      return;
    }
    event.preventDefault();
    var box = document.createElement("div");
    box.className = "draw-box";
    surface.element.appendChild(box);
    var at = elementPoint(event);
    drag = {
      id: event.pointerId,
      start: item.viewerElementToImageCoordinates(at),
      at: at,
      box: box,
    };
    if (surface.element.setPointerCapture) {
      surface.element.setPointerCapture(event.pointerId);
    }
    moveDrag(event);
  }

  function moveDrag(event) {
    var item = drawItem();
    if (!item) {
      abortDrag();
      return;
    }
    var from = item.imageToViewerElementCoordinates(drag.start);
    var to = elementPoint(event);
    var style = drag.box.style;
    style.left = Math.min(from.x, to.x) + "px";
    style.top = Math.min(from.y, to.y) + "px";
    style.width = Math.abs(to.x - from.x) + "px";
    style.height = Math.abs(to.y - from.y) + "px";
  }

  function abortDrag() {
    if (drag && drag.box.parentNode) {
      drag.box.parentNode.removeChild(drag.box);
    }
    drag = null;
  }

  function finishDrag(event) {
    var item = drawItem();
    var started = drag;
    abortDrag();
    if (!item) {
      return;
    }
    var to = elementPoint(event);
    var from = item.imageToViewerElementCoordinates(started.start);
    var rect = null;
    if (Math.abs(to.x - from.x) >= MIN_DRAG && Math.abs(to.y - from.y) >= MIN_DRAG) {
      rect = imageRect(item, started.start, item.viewerElementToImageCoordinates(to));
    }
    state.error = "";
    if (!rect) {
      state.message = t("drawTooSmall"); // (a form already open keeps its rectangle)
      showStatus();
      return;
    }
    state.message = "";
    C.showPending(rect);
  }

  // The dragged rectangle in whole image pixels, cut to the image; null when nothing is left.
  function imageRect(item, one, two) {
    var size = item.source.dimensions;
    function clamp(value, most) {
      return Math.min(most, Math.max(0, value));
    }
    var left = Math.round(clamp(Math.min(one.x, two.x), size.x));
    var top = Math.round(clamp(Math.min(one.y, two.y), size.y));
    var right = Math.round(clamp(Math.max(one.x, two.x), size.x));
    var bottom = Math.round(clamp(Math.max(one.y, two.y), size.y));
    if (right - left < 1 || bottom - top < 1) {
      return null;
    }
    return { x: left, y: top, w: right - left, h: bottom - top };
  }

  function drawReady() {
    return Boolean(surface);
  }

  C.drawReady = drawReady;
  C.abortDrag = abortDrag;
  C.drawItem = drawItem;
  C.leaveDrawing = leaveDrawing;
  C.setDrawing = setDrawing;
  C.setupDrawTools = setupDrawTools;
  C.syncDrawing = syncDrawing;
})();
