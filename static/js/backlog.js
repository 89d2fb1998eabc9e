// Backlog reordering by drag and drop (HTML5). Dropping a row on the upper half of another puts it before that
// row, on the lower half after it. The move is posted with htmx; the server answers with a "backlog-changed"
// event and the list re-renders itself, so the page always shows the order the server stored.
// The keyboard (the arrow buttons on each row) does the same through plain forms.
(function () {
  "use strict";
  var dragged = null;

  // Live refreshes morph the list in place: a row open for editing is left as it is, with what was typed in it.
  if (window.Idiomorph) {
    window.Idiomorph.defaults.callbacks.beforeNodeMorphed = function (oldNode) {
      return !(oldNode.classList && oldNode.classList.contains("editing"));
    };
  }
  // A saved inline edit answers 204 and the list re-renders: that re-render replaces the row, which is done editing.
  document.addEventListener("htmx:afterRequest", function (event) {
    var row = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("li.item-row.editing") : null;
    if (row && event.detail.xhr && event.detail.xhr.status === 204) row.classList.remove("editing");
  });

  function rowOf(target) {
    var row = target.closest ? target.closest("#item-list[data-reorderable] li.item-row[data-move-url]") : null;
    return row;
  }

  function clearMarks() {
    document.querySelectorAll(".drop-before, .drop-after").forEach(function (el) {
      el.classList.remove("drop-before", "drop-after");
    });
  }

  function placement(row, event) {
    var box = row.getBoundingClientRect();
    return event.clientY < box.top + box.height / 2 ? "before" : "after";
  }

  document.addEventListener("dragstart", function (event) {
    var row = rowOf(event.target);
    if (!row) return;
    dragged = row;
    row.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", row.dataset.itemId);
  });

  document.addEventListener("dragover", function (event) {
    var row = rowOf(event.target);
    if (!dragged || !row || row === dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    clearMarks();
    row.classList.add(placement(row, event) === "before" ? "drop-before" : "drop-after");
  });

  document.addEventListener("drop", function (event) {
    var row = rowOf(event.target);
    if (!dragged || !row || row === dragged) return;
    event.preventDefault();
    var values = {};
    values[placement(row, event)] = row.dataset.itemId;
    var source = dragged;
    clearMarks();
    htmx.ajax("POST", source.dataset.moveUrl, { source: source, target: "#item-list", swap: "none", values: values });
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    clearMarks();
  });

  // Keyboard users keep their place: after a move the list re-renders, so focus the same button of the moved item
  // again (or, when that button is now disabled, the item's next usable control).
  var refocus = null;
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("#item-list form.move button") : null;
    refocus = button ? { label: button.getAttribute("aria-label"), row: button.closest("li").id } : refocus;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!refocus || !event.detail.elt || event.detail.elt.id !== "item-list") return;
    var wanted = refocus;
    refocus = null;
    var row = document.getElementById(wanted.row);
    if (!row) return;
    var target = Array.prototype.find.call(row.querySelectorAll("form.move button"), function (button) {
      return button.getAttribute("aria-label") === wanted.label && !button.disabled;
    });
    target = target || row.querySelector("form.move button:not([disabled])") || row.querySelector("a");
    if (target) target.focus();
  });
})();
