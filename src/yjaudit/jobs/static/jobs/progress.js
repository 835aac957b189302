// Progressive enhancement for the job page: update the bar in place instead of the
// page reloading itself, and reload once the job has finished (to offer the file).
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box || !window.fetch) return;
  var refresh = document.querySelector('meta[http-equiv="refresh"]');
  if (refresh) refresh.parentNode.removeChild(refresh);
  var bar = document.getElementById("job-bar");
  var message = document.getElementById("job-message");
  function poll() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.finished) { window.location.assign(s.page); return; }
        bar.value = s.progress;
        bar.textContent = s.progress + "%";
        message.textContent = s.progress + "%" + (s.message ? ": " + s.message : "");
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(function () { window.location.reload(); }, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
