// Polls the report's JSON status and updates the progress bar; shows the links when it is ready.
(function () {
  "use strict";
  var box = document.getElementById("report-status");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("progress");
  var label = box.querySelector("[data-role=label]");
  var links = box.querySelector("[data-role=links]");
  var hint = box.querySelector("[data-role=hint]");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        bar.value = data.progress;
        bar.textContent = data.progress + " %";
        label.textContent = data.label;
        if (data.status === "done") { links.hidden = false; }
        if (data.finished) {
          if (hint) { hint.hidden = true; }
          if (data.status === "failed") { window.location.reload(); }
          return;
        }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  if (!links.hidden) { return; }
  window.setTimeout(poll, 800);
}());
