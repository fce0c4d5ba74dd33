// Polls the import's status once a second and fills the progress bar until the task ends.
(function () {
  const box = document.querySelector("[data-import-progress]");
  if (!box) return;
  const set = (name, value) => { const el = box.querySelector(`[data-${name}]`); if (el) el.textContent = value; };
  async function poll() {
    let state;
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
      state = await response.json();
    } catch (error) {
      setTimeout(poll, 3000);
      return;
    }
    set("status", state.status_label);
    set("rows-done", state.rows_done);
    set("rows-total", state.rows_total);
    set("images-done", state.images_done);
    box.querySelector("[data-bar]").value = state.status === "done" ? 100 : state.percent;
    if (state.summary) set("summary", state.summary);
    const error = box.querySelector("[data-error]");
    error.textContent = state.error;
    error.hidden = !state.error;
    box.dataset.state = state.status;
    if (state.status === "queued" || state.status === "running" || state.status === "checked") setTimeout(poll, 1000);
  }
  poll();
})();
