// Scrum board: drag a card onto another column to move it there. The move is posted with htmx and the
// server answers with the re-rendered columns. Each card's "Move" form does the same without a mouse.
(function () {
  "use strict";
  var dragged = null;

  function columnOf(target) {
    return target.closest ? target.closest("#board-columns .column[data-status]") : null;
  }

  function clearMarks() {
    document.querySelectorAll(".column.drop-target").forEach(function (el) {
      el.classList.remove("drop-target");
    });
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest ? event.target.closest("#board-columns li.card[data-status-url]") : null;
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.itemId);
  });

  document.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    clearMarks();
    column.classList.add("drop-target");
  });

  document.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    clearMarks();
    if (column.contains(dragged)) return;
    htmx.ajax("POST", dragged.dataset.statusUrl, {
      source: dragged,
      target: "#board-columns",
      swap: "outerHTML",
      // Keep showing what the page showed: the active sprint, or every item.
      values: { status: column.dataset.status, scope: document.getElementById("board-columns").dataset.scope },
    });
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    clearMarks();
  });

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
