// Countdowns: every element with data-ends-at (an ISO 8601 moment the server rendered) shows the time left, then
// its data-over-text ("time's up" unless it says otherwise). The page's language comes in data- attributes too:
// data-left-text is how the time left reads, "{time} left" by default. Without JavaScript the server's own text stays.
(function () {
  "use strict";

  function tick() {
    document.querySelectorAll("[data-ends-at]").forEach(function (el) {
      var left = Math.round((Date.parse(el.getAttribute("data-ends-at")) - Date.now()) / 1000);
      if (isNaN(left)) return;
      if (left <= 0) {
        el.textContent = el.getAttribute("data-over-text") || "time's up";
        el.classList.add("over");
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
