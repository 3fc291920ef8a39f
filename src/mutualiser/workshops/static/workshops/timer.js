// The phase timer: minutes left of the run sheet's time for this phase, then the overtime.
// Scans the page every second, so a board fragment swapped in by HTMX keeps its timer.
(function () {
  function pad(n) { return String(n).padStart(2, "0"); }
  function tick() {
    document.querySelectorAll("[data-phase-started]").forEach(function (el) {
      var started = Date.parse(el.dataset.phaseStarted);
      var left = Math.round(Number(el.dataset.phaseMinutes) * 60 - (Date.now() - started) / 1000);
      var over = left < 0;
      var s = Math.abs(left);
      el.querySelector("time").textContent = (over ? "+" : "") + Math.floor(s / 60) + ":" + pad(s % 60);
      el.classList.toggle("over", over);
    });
  }
  tick();
  setInterval(tick, 1000);
  // a swapped board brings the server's text back: correct it at once, not a second later
  document.addEventListener("htmx:afterSwap", tick);
})();
