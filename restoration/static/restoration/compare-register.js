/*
 * Compare page, part 5 of 8: registering the two images by control points (curators, side by
 * side), saving the registration and waiting for its aligned image to be tiled.
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
  var pairsList = C.pairsList;
  var saveButton = C.saveButton;
  var clearButton = C.clearButton;
  var labelA = C.labelA;
  var labelB = C.labelB;
  var registration = C.registration;
  var showStatus = C.showStatus;
  var postJson = C.postJson;
  var viewers = C.viewers;
  var scene = C.scene;
  // As the server (restoration/condition/registration.py): three pairs always fit exactly, so a
  // fourth is the least that shows whether the points agree.
  var MIN_PAIRS = 4;

  // ---------------------------------------------------------------------------------------------
  // Registration: pairs of control points, [before x, before y, after x, after y] in the pixels of
  // the before image (viewer A) and of the after image's OWN frame (viewer B, not aligned).
  var pairs = [];
  var half = null; // {side, x, y}: a point waiting for its partner in the other image
  var saving = false;

  function pick(side, event) {
    if (!state.registering || state.mode !== "side" || !event.quick) {
      return;
    }
    event.preventDefaultAction = true; // a tap picks a point; it does not zoom
    var item = side === "a" ? C.itemA() : C.itemB();
    if (!item) {
      return;
    }
    var point = item.viewerElementToImageCoordinates(event.position);
    var size = item.source.dimensions;
    if (!(point.x >= 0 && point.y >= 0 && point.x <= size.x && point.y <= size.y)) {
      return;
    }
    var x = Math.round(point.x * 10) / 10;
    var y = Math.round(point.y * 10) / 10;
    if (half && half.side !== side) {
      pairs.push(side === "b" ? [half.x, half.y, x, y] : [x, y, half.x, half.y]);
      half = null;
    } else {
      half = { side: side, x: x, y: y };
    }
    state.error = "";
    state.message = "";
    refreshPairs();
  }

  function marker(text, pending) {
    var element = document.createElement("div");
    element.className = "cp-marker" + (pending ? " pending" : "");
    element.textContent = text;
    return element;
  }

  function drawMarkers() {
    scene.markerOverlays.forEach(function (entry) {
      entry.viewer.removeOverlay(entry.element);
    });
    scene.markerOverlays = [];
    if (!state.registering || state.mode !== "side") {
      return;
    }
    var targets = { a: [viewers.a, C.itemA()], b: [viewers.b, C.itemB()] };
    function add(side, x, y, text, pending) {
      var viewer = targets[side][0];
      var item = targets[side][1];
      if (!viewer || !item) {
        return;
      }
      var element = marker(text, pending);
      viewer.addOverlay({
        element: element,
        location: item.imageToViewportCoordinates(new OSD.Point(x, y)),
        placement: OSD.Placement.CENTER,
        checkResize: false,
      });
      scene.markerOverlays.push({ viewer: viewer, element: element });
    }
    pairs.forEach(function (pair, index) {
      add("a", pair[0], pair[1], String(index + 1), false);
      add("b", pair[2], pair[3], String(index + 1), false);
    });
    if (half) {
      add(half.side, half.x, half.y, String(pairs.length + 1), true);
    }
  }

  function refreshPairs() {
    if (pairsList) {
      pairsList.textContent = "";
      pairs.forEach(function (pair, index) {
        var item = document.createElement("li");
        var text = document.createElement("span");
        text.textContent =
          index + 1 + ". " + labelA + " " + Math.round(pair[0]) + ", " + Math.round(pair[1]) +
          " · " + labelB + " " + Math.round(pair[2]) + ", " + Math.round(pair[3]);
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "remove-pair";
        remove.textContent = "×";
        remove.setAttribute("aria-label", t("remove", { n: String(index + 1) }));
        remove.title = remove.getAttribute("aria-label");
        remove.addEventListener("click", function () {
          pairs.splice(index, 1);
          refreshPairs();
        });
        item.appendChild(text);
        item.appendChild(remove);
        pairsList.appendChild(item);
      });
    }
    if (saveButton) {
      saveButton.disabled = saving || pairs.length < MIN_PAIRS;
    }
    if (clearButton) {
      clearButton.disabled = saving || (!pairs.length && !half);
    }
    drawMarkers();
    showStatus();
  }

  function setRegistering(on) {
    if (on === state.registering) {
      return;
    }
    state.registering = on;
    if (on) {
      if (!pairs.length && registration && Array.isArray(registration.points)) {
        pairs = registration.points.map(function (pair) {
          return pair.slice(0, 4);
        });
      }
      if (state.mode !== "side") {
        C.setMode("side"); // points are picked side by side
      }
    }
    half = null;
    C.build(); // the after viewer shows the after image's own pixels while registering
    if (!on) {
      C.follow(viewers.a, viewers.b); // locked again
    }
    refreshPairs();
  }

  function save() {
    if (saving || pairs.length < MIN_PAIRS) {
      return;
    }
    saving = true;
    state.error = "";
    state.message = t("saving");
    refreshPairs();
    postJson(config.registerUrl, { before: chosen.a_image, after: chosen.b_image, points: pairs })
      .then(function (answer) {
        if (!answer.ok) {
          saving = false;
          state.message = "";
          state.error = t("notSaved", { error: answer.data.error || "?" });
          refreshPairs();
          return;
        }
        state.message = t("saved", { check: answer.data.check });
        refreshPairs();
        waitForAligned(answer.data);
      })
      .catch(function () {
        saving = false;
        state.message = "";
        state.error = t("offline");
        refreshPairs();
      });
  }

  // The aligned image is tiled in the background: ask every 2 s, then show it (reload the page).
  var polls = 0;

  function waitForAligned(data) {
    if (data.aligned) {
      if (!state.registering || saving) {
        window.location.reload(); // (not while a curator is picking new points)
      }
      return;
    }
    if (++polls > 600) {
      return; // 20 minutes: tiling has failed; the status line still says it is being prepared
    }
    var url = config.registerUrl + data.before + "/" + data.after + "/";
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : data;
        })
        .then(waitForAligned, function () {
          waitForAligned(data);
        });
    }, 2000);
  }

  function clearPoints() {
    pairs = [];
    half = null;
    state.error = "";
    state.message = "";
    refreshPairs();
  }

  // Another control has just closed the registration panel (registering needs the taps on the
  // viewers, side by side); its toggle event then finds registering already off.
  function dropRegistering() {
    state.registering = false;
    half = null;
  }

  function pendingHalf() {
    return half;
  }

  function pairCount() {
    return pairs.length;
  }

  function pairsCopy() {
    return pairs.map(function (pair) {
      return pair.slice();
    });
  }

  C.clearPoints = clearPoints;
  C.dropRegistering = dropRegistering;
  C.pendingHalf = pendingHalf;
  C.pairCount = pairCount;
  C.pairsCopy = pairsCopy;
  C.drawMarkers = drawMarkers;
  C.pick = pick;
  C.refreshPairs = refreshPairs;
  C.save = save;
  C.setRegistering = setRegistering;
  C.waitForAligned = waitForAligned;
})();
