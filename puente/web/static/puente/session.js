// Idle sign-out warning: a few minutes before the session expires, offer to stay signed in;
// when it has expired, go to the sign-in page instead of failing on the next click.
(function () {
  "use strict";
  var body = document.body;
  var idleSeconds = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var box = document.getElementById("idle-warning");
  if (!idleSeconds || !box) { return; }
  var form = box.querySelector("form");
  var warnBefore = Math.min(120, Math.floor(idleSeconds / 4));
  var warnTimer, expireTimer;

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(expireTimer);
    box.hidden = true;
    warnTimer = setTimeout(function () {
      box.hidden = false;
      var button = box.querySelector("button");
      if (button) { button.focus(); }
    }, (idleSeconds - warnBefore) * 1000);
    expireTimer = setTimeout(function () { window.location.reload(); }, (idleSeconds + 2) * 1000);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { if (response.ok) { schedule(); } else { window.location.reload(); } })
      .catch(function () { /* offline: keep the warning up */ });
  });
  schedule();
})();
