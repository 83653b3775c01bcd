// Impor SOP: poll the state of the imports still running, update their progress, reload when one finishes.
(function () {
  "use strict";
  const table = document.querySelector("[data-cms-imports]");
  if (!table) return;
  const url = table.dataset.statusUrl;

  function running() {
    return Array.from(document.querySelectorAll("[data-cms-import][data-running]"));
  }

  function update(row, state) {
    row.querySelector("[data-status]").textContent = state.status_label;
    const bar = row.querySelector("[data-bar]");
    bar.value = state.percent;
    bar.textContent = state.percent + "%";
    const pages = row.querySelector("[data-pages]");
    if (pages && state.pages_total) pages.textContent = state.pages_done + " / " + state.pages_total;
    const drafts = row.querySelector("[data-drafts]");
    if (drafts) drafts.textContent = state.drafts;
  }

  function poll() {
    const rows = running();
    if (!rows.length) return;
    const query = rows.map((row) => "id=" + encodeURIComponent(row.dataset.cmsImport)).join("&");
    fetch(url + "?" + query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => response.json())
      .then((answer) => {
        let finished = false;
        for (const state of answer.imports || []) {
          const row = document.querySelector('[data-cms-import="' + state.id + '"]');
          if (!row) continue;
          update(row, state);
          if (state.finished) finished = true;
        }
        if (finished) window.location.reload();
        else window.setTimeout(poll, 1500);
      })
      .catch(() => window.setTimeout(poll, 5000));
  }

  window.setTimeout(poll, 1000);
})();
