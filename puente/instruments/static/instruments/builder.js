// Progressive enhancement of the instrument builder. "Add another item" (and subscale, band) adds a
// blank row in place instead of sending the form, and an item's "Custom choices" box shows only when
// its scale is "Custom choices". Without this script the button asks the server for more blank rows
// and every box shows, so the page works the same.
(function () {
  "use strict";
  function customChoices(row) {
    var select = row.querySelector("select[name$='-scale']");
    var box = row.querySelector("textarea[name$='-choices']");
    var field = box && box.closest(".field");
    if (!select || !field) { return; }
    function sync() { field.hidden = select.value !== "custom" && !box.value; }
    select.addEventListener("change", sync);
    sync();
  }
  document.querySelectorAll(".builder-row").forEach(customChoices);
  document.querySelectorAll("button[data-add-row]").forEach(function (button) {
    var prefix = button.dataset.addRow;
    var template = document.getElementById(prefix + "-template");
    var rows = document.querySelector("[data-rows='" + prefix + "']");
    var total = document.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    if (!template || !rows || !total) { return; }
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10) || 0;
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      customChoices(row);
      var first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) { first.focus(); }
    });
  });
})();
