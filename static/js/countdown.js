// Countdowns: every element with data-ends-at (an ISO 8601 moment the server rendered) shows the time left, then
// its data-over-text ("time's up" unless it says otherwise). The page's language comes in data- attributes too:
// data-left-text is how the time left reads, "{time} left" by default. Without JavaScript the server's own text stays.
// When one reaches zero it fires a bubbling "countdown:over" (a timer block re-fetches itself on it: the server then
// shows the Scrum Master's controls for a timer that is over). Loaded more than once on a page, it runs once.
(function () {
  "use strict";
  if (window.scrumCountdown) return;
  window.scrumCountdown = true;

  function tick() {
    document.querySelectorAll("[data-ends-at]").forEach(function (el) {
      var left = Math.round((Date.parse(el.getAttribute("data-ends-at")) - Date.now()) / 1000);
      if (isNaN(left)) return;
      if (left <= 0) {
        if (el.classList.contains("over")) return;
        el.textContent = el.getAttribute("data-over-text") || "time's up";
        el.classList.add("over");
        el.dispatchEvent(new CustomEvent("countdown:over", { bubbles: true }));
        return;
      }
      var minutes = Math.floor(left / 60), seconds = left % 60;
      var time = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      el.textContent = (el.getAttribute("data-left-text") || "{time} left").replace("{time}", time);
    });
  }

  setInterval(tick, 1000);
  document.addEventListener("htmx:afterSwap", tick);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", tick);
  else tick();
})();
