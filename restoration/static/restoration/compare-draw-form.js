/*
 * Compare page, part 7 of 8: the rectangle just drawn and the form that saves it as a condition
 * observation (damage, severity, note).
 */
import { C } from "./compare-core.js";

(function () {
  if (!C || !C.ready) {
    return; // the page stays a plain form (compare-core.js found no viewer or no config)
  }
  var OSD = C.OSD;
  var config = C.config;
  var state = C.state;
  var t = C.t;
  var showStatus = C.showStatus;
  var postJson = C.postJson;
  var sideLabel = C.sideLabel;
  var sideImage = C.sideImage;
  var viewers = C.viewers;
  var drawTools = C.drawTools;

  var pending = null; // {side, rect: {x, y, w, h}, viewer, element (its overlay)}
  var drawForm = null;
  var drawSaving = false;

  function removePending() {
    if (pending) {
      pending.viewer.removeOverlay(pending.element);
      pending = null;
    }
  }

  function showPending(rect) {
    var side = state.drawing;
    var viewer = viewers[side];
    var item = C.drawItem();
    removePending();
    var element = document.createElement("div");
    element.className = "draw-box draw-pending";
    viewer.addOverlay({
      element: element,
      location: item.imageToViewportRectangle(new OSD.Rect(rect.x, rect.y, rect.w, rect.h)),
    });
    pending = { side: side, rect: rect, viewer: viewer, element: element };
    openForm();
  }

  function field(text, control) {
    var wrapper = document.createElement("div");
    wrapper.className = "draw-field";
    var label = document.createElement("label");
    control.id = "draw-form-" + control.name;
    label.htmlFor = control.id;
    label.textContent = text;
    wrapper.appendChild(label);
    wrapper.appendChild(control);
    return wrapper;
  }

  function option(select, value, text) {
    var element = document.createElement("option");
    element.value = value;
    element.textContent = text;
    select.appendChild(element);
  }

  function buildForm() {
    var form = document.createElement("form");
    form.className = "draw-form";
    form.id = "draw-form";
    form.noValidate = true; // the script says what is missing, in the status line's words
    form.setAttribute("aria-labelledby", "draw-title");
    var title = document.createElement("p");
    title.className = "draw-title";
    title.id = "draw-title";
    form.appendChild(title);

    var damage = document.createElement("select");
    damage.name = "damage";
    damage.required = true;
    option(damage, "", t("chooseDamage"));
    (config.damageTypes || []).forEach(function (type) {
      option(damage, type.key, type.label);
    });
    var severity = document.createElement("select");
    severity.name = "severity";
    (config.severities || []).forEach(function (type) {
      option(severity, type.key, type.label);
    });
    var note = document.createElement("input");
    note.type = "text";
    note.name = "note";
    note.maxLength = 500;
    note.autocomplete = "off";
    form.appendChild(field(t("damage"), damage));
    form.appendChild(field(t("severity"), severity));
    form.appendChild(field(t("note"), note));

    var error = document.createElement("p");
    error.className = "draw-error";
    error.setAttribute("role", "alert");
    error.hidden = true;
    form.appendChild(error);

    var actions = document.createElement("p");
    actions.className = "draw-actions";
    var saveRegion = document.createElement("button");
    saveRegion.type = "submit";
    saveRegion.className = "draw-save";
    saveRegion.textContent = t("saveRegion");
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "draw-cancel";
    cancel.textContent = t("cancel");
    cancel.addEventListener("click", function () {
      C.setDrawing(null);
    });
    actions.appendChild(saveRegion);
    actions.appendChild(cancel);
    form.appendChild(actions);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitRegion();
    });
    return form;
  }

  function resetForm() {
    drawForm.elements.damage.value = "";
    drawForm.elements.severity.value = "moderate";
    if (drawForm.elements.severity.selectedIndex < 0) {
      drawForm.elements.severity.selectedIndex = 0;
    }
    drawForm.elements.note.value = "";
    formError("");
  }

  function formError(text) {
    var error = drawForm.querySelector(".draw-error");
    error.textContent = text;
    error.hidden = !text;
  }

  function openForm() {
    if (!drawForm) {
      drawForm = buildForm();
      resetForm();
    }
    var rect = pending.rect;
    drawForm.querySelector(".draw-title").textContent = t("drawTitle", {
      image: sideLabel(pending.side),
      w: String(rect.w),
      h: String(rect.h),
      x: String(rect.x),
      y: String(rect.y),
    });
    var opened = drawForm.hidden || drawForm.parentNode !== drawTools[pending.side];
    drawTools[pending.side].appendChild(drawForm);
    drawForm.hidden = false;
    showStatus();
    if (opened) {
      drawForm.scrollIntoView({ block: "nearest" });
      drawForm.elements.damage.focus({ preventScroll: true });
    }
  }

  function closeForm() {
    C.abortDrag();
    removePending();
    if (drawForm) {
      drawForm.hidden = true;
      resetForm();
    }
  }

  function submitRegion() {
    if (!pending || drawSaving) {
      return;
    }
    var elements = drawForm.elements;
    if (!elements.damage.value) {
      formError(t("chooseDamageFirst"));
      elements.damage.focus();
      return;
    }
    var side = pending.side;
    var image = sideImage(side);
    var rect = pending.rect;
    var body = {
      event_image: image.id,
      damage: elements.damage.value,
      severity: elements.severity.value,
      note: elements.note.value.trim(),
      x: rect.x,
      y: rect.y,
      width: rect.w,
      height: rect.h,
    };
    function done() {
      drawSaving = false;
      drawForm.querySelector(".draw-save").disabled = false;
    }
    drawSaving = true;
    drawForm.querySelector(".draw-save").disabled = true;
    formError("");
    state.error = "";
    state.message = t("saving");
    showStatus();
    postJson(config.observationUrl, body)
      .then(function (answer) {
        done();
        if (!answer.ok) {
          state.message = "";
          state.error = t("notSaved", { error: answer.data.error || "?" });
          if (pending) {
            formError(state.error); // the form stays, to try again or cancel
          }
          showStatus();
          return;
        }
        var data = answer.data;
        image.regions.push({
          id: data.id,
          x: data.x,
          y: data.y,
          w: data.w,
          h: data.h,
          label: data.label,
          damage: data.damage,
        });
        if (state.drawing === side) {
          C.setDrawing(null);
        }
        state.error = "";
        state.message = t("regionSaved", { label: data.label });
        C.drawRegions();
        showStatus();
      })
      .catch(function () {
        done();
        state.message = "";
        state.error = t("offline");
        if (pending) {
          formError(state.error);
        }
        showStatus();
      });
  }

  function pendingRegion() {
    return pending;
  }

  function formHasFocus() {
    return Boolean(drawForm && drawForm.contains(document.activeElement));
  }

  function regionSaving() {
    return drawSaving;
  }

  C.pendingRegion = pendingRegion;
  C.formHasFocus = formHasFocus;
  C.regionSaving = regionSaving;
  C.closeForm = closeForm;
  C.showPending = showPending;
})();
