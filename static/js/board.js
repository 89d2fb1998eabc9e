// Scrum board: each card's "Move" form moves it to another column (htmx posts it and the server answers with the
// re-rendered columns); dragging a card does the same (sortable_lists.js).
(function () {
  "use strict";
  // After a card moves by its form, the columns re-render: put focus back on that card's column picker.
  var refocus = null;
  document.addEventListener("submit", function (event) {
    var card = event.target.closest ? event.target.closest("#board-columns li.card") : null;
    if (card) refocus = card.id;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!refocus || !event.detail.elt || event.detail.elt.id !== "board-columns") return;
    var card = document.getElementById(refocus);
    refocus = null;
    var select = card && card.querySelector("select");
    if (select) select.focus();
  });

  // Phones show one column at a time (CSS :target); the switcher marks the one shown, the first when none is named.
  function markShownColumn() {
    var links = document.querySelectorAll(".column-switcher a");
    Array.prototype.forEach.call(links, function (link, index) {
      var shown = location.hash ? link.getAttribute("href") === location.hash : index === 0;
      link.setAttribute("aria-current", shown ? "true" : "false");
    });
  }
  window.addEventListener("hashchange", markShownColumn);
  document.addEventListener("DOMContentLoaded", markShownColumn);
  document.addEventListener("htmx:afterSettle", markShownColumn);
})();
