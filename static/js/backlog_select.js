// Backlog selection for the bulk edit (sprints/_bulk_edit.html). Each row's checkbox belongs to the bulk form
// (form="bulk-edit"); this adds what a plain checkbox does not: shift-click selects the range from the last row
// clicked, Space on a focused row (backlog_keys.js) toggles it and Shift+Space selects up to it, "Select all shown"
// selects every row the filter shows, the bar counts the selection, and the selection survives the list's live
// re-renders (rows no longer shown leave it: only what is shown is changed). A change that went through clears it.
(function () {
  "use strict";
  var ROWS = "#item-list li.item-row[data-item-id]";
  var selected = new Set();
  var anchor = null; // the item id of the row last toggled by hand: one end of a shift range

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll(ROWS));
  }

  function box(row) {
    return row.querySelector("input.select-item");
  }

  function show() {
    var all = rows();
    var shown = 0;
    all.forEach(function (row) {
      var on = selected.has(row.dataset.itemId);
      var input = box(row);
      if (input) input.checked = on;
      row.classList.toggle("is-selected", on);
      if (on) shown += 1;
    });
    var count = document.querySelector("#bulk-edit .bulk-count");
    if (count) {
      count.textContent = shown
        ? count.dataset.some.replace("{count}", String(shown))
        : count.dataset.none;
    }
    var every = document.getElementById("bulk-select-all");
    if (every) {
      every.closest(".bulk-select").hidden = false;
      every.checked = all.length > 0 && shown === all.length;
      every.indeterminate = shown > 0 && shown < all.length;
    }
  }

  function prune() {
    var ids = new Set(rows().map(function (row) { return row.dataset.itemId; }));
    selected.forEach(function (id) {
      if (!ids.has(id)) selected.delete(id);
    });
  }

  function set(id, on) {
    if (on) selected.add(id);
    else selected.delete(id);
  }

  // Toggle one row, or with `range` set every row from the anchor to it to that row's new state.
  function toggle(row, on, range) {
    var id = row.dataset.itemId;
    if (range && anchor !== null) {
      var all = rows();
      var from = all.findIndex(function (r) { return r.dataset.itemId === anchor; });
      var to = all.indexOf(row);
      if (from >= 0) {
        all.slice(Math.min(from, to), Math.max(from, to) + 1).forEach(function (r) { set(r.dataset.itemId, on); });
      }
    }
    set(id, on);
    anchor = id;
    show();
  }

  document.addEventListener("click", function (event) {
    var input = event.target.closest ? event.target.closest("input.select-item") : null;
    if (input) {
      toggle(input.closest("li.item-row"), input.checked, event.shiftKey);
      return;
    }
    if (event.target.id === "bulk-select-all") {
      var on = event.target.checked;
      rows().forEach(function (row) { set(row.dataset.itemId, on); });
      show();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== " " || event.ctrlKey || event.metaKey || event.altKey) return;
    var row = event.target.matches && event.target.matches(ROWS) ? event.target : null;
    if (!row) return;
    event.preventDefault(); // not a page scroll
    toggle(row, event.shiftKey ? true : !selected.has(row.dataset.itemId), event.shiftKey);
  });

  // Right after a swap (before htmx settles it), so a form sent at that moment already has the boxes checked.
  function swapped(event) {
    var elt = event.detail.elt;
    if (!elt || !elt.id) return;
    if (elt.id === "bulk-edit" && elt.querySelector("[data-bulk-done]")) {
      selected.clear();
      anchor = null;
    }
    if (elt.id === "item-list") prune();
    if (elt.id === "item-list" || elt.id === "bulk-edit") show();
  }
  document.addEventListener("htmx:afterSwap", swapped);
  document.addEventListener("htmx:afterSettle", swapped);

  document.addEventListener("DOMContentLoaded", function () {
    // A reload keeps the boxes the browser remembers as checked: start from them.
    rows().forEach(function (row) {
      var input = box(row);
      if (input && input.checked) selected.add(row.dataset.itemId);
    });
    show();
  });
})();
