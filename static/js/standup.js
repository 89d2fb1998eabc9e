// Stand-up page: the timebox countdown. The server renders the deadline (data-ends-at, ISO 8601) and its end time, so
// without JavaScript the page still says when the stand-up ends; this counts down and says when time is up.
(function () {
  "use strict";

  function tick() {
    document.querySelectorAll(".timebox [data-ends-at]").forEach(function (el) {
      var left = Math.round((Date.parse(el.getAttribute("data-ends-at")) - Date.now()) / 1000);
      if (isNaN(left)) return;
      if (left <= 0) {
        el.textContent = "Time is up";
        el.classList.add("over");
        return;
      }
      var minutes = Math.floor(left / 60), seconds = left % 60;
      el.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds + " left";
    });
  }

  setInterval(tick, 1000);
  document.addEventListener("htmx:afterSwap", tick);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", tick);
  else tick();
})();
