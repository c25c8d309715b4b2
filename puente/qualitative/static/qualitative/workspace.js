/* Coding workspace: turn a selection of the transcript into Unicode code-point offsets and code it.
 *
 * Every rendered piece of the text carries data-start / data-end in code points. JavaScript strings
 * count UTF-16 code units, so an offset inside a text node is converted by counting code points
 * (Array.from iterates by code point). Line breaks are not rendered as text, so the browser's own
 * newline handling cannot shift anything. No framework, no build step.
 */
(function () {
  "use strict";

  var root = document.querySelector(".workspace");
  if (!root) { return; }
  var docEl = document.getElementById("doc-text");
  var codes = JSON.parse(document.getElementById("qda-codes").textContent);
  var strings = document.getElementById("qda-strings").dataset;
  var statusEl = document.getElementById("ws-status");
  var infoEl = document.getElementById("sel-info");
  var codeBtn = document.getElementById("code-btn");
  var memoBtn = document.getElementById("memo-btn");
  var picker = document.getElementById("picker");
  var filterEl = document.getElementById("picker-filter");
  var listEl = document.getElementById("picker-list");
  var suggestEl = document.getElementById("picker-suggestions");
  var pickerError = document.getElementById("picker-error");
  var memoDialog = document.getElementById("memo-dialog");
  var memoError = document.getElementById("memo-error");
  var codable = root.dataset.codable === "1";
  var units = Array.prototype.slice.call(docEl.querySelectorAll(".unit"));
  var current = null;       // {start, end} in code points
  var frozen = null;        // the selection a dialog works on
  var cursor = -1;          // keyboard: index of the unit at the moving end
  var anchor = -1;          // keyboard: index of the unit where the selection started
  var checked = {};
  var active = 0;

  function cpLength(s) { return Array.from(s).length; }

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function announce(message) {
    statusEl.textContent = "";
    window.setTimeout(function () { statusEl.textContent = message; }, 30);
  }

  function num(el, key) { return parseInt(el.dataset[key], 10); }

  /* A DOM point (node, offset) -> code-point offset in the document text. */
  function pointToOffset(node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      var seg = node.parentElement && node.parentElement.closest(".seg");
      if (!seg) { return null; }
      return num(seg, "start") + cpLength(node.data.slice(0, offset));
    }
    if (node.nodeType !== Node.ELEMENT_NODE) { return null; }
    var child = node.childNodes[offset];
    while (child && !(child.nodeType === Node.ELEMENT_NODE && child.dataset.start !== undefined)) {
      child = child.nextSibling;
    }
    if (child) { return num(child, "start"); }
    var prev = node.childNodes[offset - 1];
    while (prev && !(prev.nodeType === Node.ELEMENT_NODE && prev.dataset.end !== undefined)) {
      prev = prev.previousSibling;
    }
    if (prev) { return num(prev, "end"); }
    var holder = node.closest ? node.closest("[data-start]") : null;
    if (holder && docEl.contains(holder)) { return offset === 0 ? num(holder, "start") : num(holder, "end"); }
    return null;
  }

  /* Code-point offset -> DOM point, for showing a coding in the text. */
  function offsetToPoint(cp, preferEnd) {
    var segs = docEl.querySelectorAll(".seg");
    for (var i = 0; i < segs.length; i++) {
      var s = num(segs[i], "start"), e = num(segs[i], "end");
      if (cp >= s && (cp < e || (preferEnd && cp === e))) {
        var node = segs[i].firstChild;
        if (!node) { return { node: segs[i], offset: 0 }; }
        var units16 = 0, chars = Array.from(node.data);
        for (var k = 0; k < cp - s; k++) { units16 += chars[k].length; }
        return { node: node, offset: units16 };
      }
    }
    return null;
  }

  function readSelection() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return null; }
    var range = sel.getRangeAt(0);
    if (!docEl.contains(range.startContainer) || !docEl.contains(range.endContainer)) { return null; }
    var start = pointToOffset(range.startContainer, range.startOffset);
    var end = pointToOffset(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) { return null; }
    return { start: start, end: end, text: sel.toString() };
  }

  function refresh() {
    current = readSelection();
    var enabled = codable && current !== null;
    codeBtn.disabled = !enabled;
    memoBtn.disabled = !enabled;
    infoEl.textContent = current ? strings.selected.replace("%(n)s", current.end - current.start) : "";
  }

  document.addEventListener("selectionchange", refresh);

  function selectUnits(from, to) {
    var a = units[Math.min(from, to)], b = units[Math.max(from, to)];
    var sel = window.getSelection();
    sel.setBaseAndExtent(a, 0, b, b.childNodes.length);
    units.forEach(function (u) { u.classList.remove("kbd-cursor"); });
    units[to].classList.add("kbd-cursor");
    units[to].scrollIntoView({ block: "nearest" });
    refresh();
    var text = sel.toString();
    announce(text.length > 160 ? text.slice(0, 160) + "…" : text);
  }

  function selectOffsets(start, end) {
    var a = offsetToPoint(start, false), b = offsetToPoint(end, true);
    if (!a || !b) { return; }
    window.getSelection().setBaseAndExtent(a.node, a.offset, b.node, b.offset);
    var seg = a.node.nodeType === Node.TEXT_NODE ? a.node.parentElement : a.node;
    seg.scrollIntoView({ block: "center" });
    docEl.focus({ preventScroll: true });
    refresh();
  }

  docEl.addEventListener("keydown", function (event) {
    var key = event.key;
    if (key === "ArrowDown" || key === "ArrowRight" || key === "ArrowUp" || key === "ArrowLeft") {
      if (!units.length) { return; }
      event.preventDefault();
      var step = (key === "ArrowDown" || key === "ArrowRight") ? 1 : -1;
      if (cursor < 0) { cursor = step > 0 ? 0 : units.length - 1; anchor = cursor; }
      else {
        cursor = Math.max(0, Math.min(units.length - 1, cursor + step));
        if (!event.shiftKey) { anchor = cursor; }
      }
      selectUnits(anchor, cursor);
    } else if ((key === "c" || key === "C" || key === "Enter") && !event.ctrlKey && !event.metaKey) {
      if (current && codable) { event.preventDefault(); openPicker(); }
    } else if ((key === "m" || key === "M") && !event.ctrlKey && !event.metaKey) {
      if (current && codable) { event.preventDefault(); openMemo(); }
    } else if (key === "Escape") {
      window.getSelection().removeAllRanges();
      cursor = anchor = -1;
      units.forEach(function (u) { u.classList.remove("kbd-cursor"); });
      announce(strings.none);
    }
  });

  /* ---- the code picker ---------------------------------------------------------------------- */

  function visibleCodes() {
    var q = filterEl.value.trim().toLowerCase();
    return codes.filter(function (c) { return c.codable && (!q || c.name.toLowerCase().indexOf(q) !== -1); });
  }

  function renderList() {
    var items = visibleCodes();
    active = Math.max(0, Math.min(active, items.length - 1));
    listEl.textContent = "";
    items.forEach(function (c, i) {
      var li = document.createElement("li");
      li.id = "code-option-" + c.id;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", checked[c.id] ? "true" : "false");
      li.className = "option" + (i === active ? " active" : "") + (checked[c.id] ? " checked" : "");
      li.style.setProperty("--c", c.colour);
      li.style.setProperty("--depth", c.depth);
      li.dataset.id = c.id;
      li.textContent = c.name;
      li.addEventListener("click", function () { toggle(c.id); active = i; renderList(); filterEl.focus(); });
      listEl.appendChild(li);
    });
    var act = items[active];
    filterEl.setAttribute("aria-activedescendant", act ? "code-option-" + act.id : "");
    if (act) { document.getElementById("code-option-" + act.id).scrollIntoView({ block: "nearest" }); }
  }

  function toggle(id) { if (checked[id]) { delete checked[id]; } else { checked[id] = true; } }

  function loadSuggestions() {
    suggestEl.textContent = "";
    var url = root.dataset.suggestUrl + "?start=" + frozen.start + "&end=" + frozen.end;
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (data) {
        if (!data.suggestions || !data.suggestions.length) { return; }
        var p = document.createElement("p");
        p.className = "meta";
        p.textContent = strings.suggested;
        suggestEl.appendChild(p);
        data.suggestions.forEach(function (s) {
          var b = document.createElement("button");
          b.type = "button";
          b.className = "secondary suggestion";
          b.textContent = s.name + " (" + Math.round(s.confidence * 100) + " %)";
          b.addEventListener("click", function () { checked[s.code] = true; renderList(); filterEl.focus(); });
          suggestEl.appendChild(b);
        });
      }).catch(function () {});
  }

  function openPicker() {
    frozen = current;
    checked = {};
    active = 0;
    filterEl.value = "";
    pickerError.hidden = true;
    renderList();
    picker.showModal();
    filterEl.focus();
    loadSuggestions();
  }

  function closeDialog(dialog) {
    if (dialog.open) { dialog.close(); }
    docEl.focus({ preventScroll: true });
  }

  function post(url, payload, errorEl, dialog) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { throw new Error(data.error || strings.failed); }
        return data;
      });
    }).then(function (data) {
      window.sessionStorage.setItem("qda-announce", data.message || "");
      closeDialog(dialog);
      window.location.reload();
    }).catch(function (error) {
      errorEl.textContent = error.message || strings.failed;
      errorEl.hidden = false;
    });
  }

  function applyCodes() {
    var ids = Object.keys(checked).map(Number);
    if (!ids.length) {
      var items = visibleCodes();
      if (items[active]) { ids = [items[active].id]; }
    }
    post(root.dataset.codeUrl, { start: frozen.start, end: frozen.end, codes: ids }, pickerError, picker);
  }

  filterEl.addEventListener("input", function () { active = 0; renderList(); });
  filterEl.addEventListener("keydown", function (event) {
    var items = visibleCodes();
    if (event.key === "ArrowDown") { event.preventDefault(); active = Math.min(items.length - 1, active + 1); renderList(); }
    else if (event.key === "ArrowUp") { event.preventDefault(); active = Math.max(0, active - 1); renderList(); }
    else if (event.key === " " && items[active] && (filterEl.value === "" || event.ctrlKey)) {
      event.preventDefault(); toggle(items[active].id); renderList();
    } else if (event.key === "Enter") { event.preventDefault(); applyCodes(); }
  });
  document.getElementById("picker-apply").addEventListener("click", applyCodes);
  document.getElementById("picker-cancel").addEventListener("click", function () { closeDialog(picker); });
  picker.addEventListener("close", function () { docEl.focus({ preventScroll: true }); });

  /* ---- memo on a selection ------------------------------------------------------------------ */

  function openMemo() {
    frozen = current;
    memoError.hidden = true;
    document.getElementById("memo-text").value = "";
    document.getElementById("memo-title-input").value = frozen.text.slice(0, 60);
    memoDialog.showModal();
    document.getElementById("memo-text").focus();
  }
  document.getElementById("memo-save").addEventListener("click", function () {
    post(root.dataset.memoUrl, {
      start: frozen.start, end: frozen.end,
      title: document.getElementById("memo-title-input").value,
      text: document.getElementById("memo-text").value
    }, memoError, memoDialog);
  });
  document.getElementById("memo-cancel").addEventListener("click", function () { closeDialog(memoDialog); });

  codeBtn.addEventListener("click", function () { if (current) { openPicker(); } });
  memoBtn.addEventListener("click", function () { if (current) { openMemo(); } });
  Array.prototype.forEach.call(document.querySelectorAll(".show-coding"), function (button) {
    button.addEventListener("click", function () { selectOffsets(num(button, "start"), num(button, "end")); });
  });

  var message = window.sessionStorage.getItem("qda-announce");
  if (message) {
    window.sessionStorage.removeItem("qda-announce");
    announce(message);
    docEl.focus({ preventScroll: true });
  }
})();
