// Progressive enhancement of the staff entry form: on a phone, one question at a time with
// Previous/Next buttons. Without this script (or on a wide screen) every question shows at once.
(function () {
  "use strict";
  var form = document.querySelector("form[data-paged-entry]");
  if (!form || !window.matchMedia || window.matchMedia("(min-width: 900px)").matches) { return; }
  var questions = Array.prototype.slice.call(form.querySelectorAll(".question"));
  if (questions.length < 2) { return; }
  var index = 0;
  var controls = document.createElement("div");
  controls.className = "pager-controls";
  var previous = document.createElement("button");
  previous.type = "button"; previous.className = "secondary"; previous.textContent = "\u2190";
  previous.setAttribute("aria-label", form.dataset.previousLabel || "Previous");
  var next = document.createElement("button");
  next.type = "button"; next.textContent = "\u2192";
  next.setAttribute("aria-label", form.dataset.nextLabel || "Next");
  var status = document.createElement("span");
  status.setAttribute("aria-live", "polite");
  controls.appendChild(previous); controls.appendChild(status); controls.appendChild(next);
  questions[0].parentNode.insertBefore(controls, questions[0]);
  form.classList.add("paged");
  function show(i) {
    index = Math.max(0, Math.min(questions.length - 1, i));
    questions.forEach(function (q, k) { q.classList.toggle("current", k === index); });
    status.textContent = (index + 1) + " / " + questions.length;
    previous.disabled = index === 0; next.disabled = index === questions.length - 1;
  }
  previous.addEventListener("click", function () { show(index - 1); });
  next.addEventListener("click", function () { show(index + 1); });
  // Answering moves on to the next question.
  questions.forEach(function (q, k) {
    q.addEventListener("change", function () { if (k === index && k < questions.length - 1) { show(k + 1); } });
  });
  show(0);
})();
