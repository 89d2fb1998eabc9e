// Backlog list: inline editing survives live refreshes, and the arrow buttons keep the keyboard's place. A move
// (by the arrows, by Alt+arrow in backlog_keys.js, or by dragging in sortable_lists.js) is answered with a
// "backlog-changed" event and the list re-renders itself, so the page always shows the order the server stored.
(function () {
  "use strict";
  // Live refreshes morph the list in place: a row open for editing is left as it is, with what was typed in it.
  if (window.Idiomorph) {
    window.Idiomorph.defaults.callbacks.beforeNodeMorphed = function (oldNode) {
      return !(oldNode.classList && oldNode.classList.contains("editing"));
    };
  }
  // The backlog's address holds only the filters set (htmx would send every empty field): a shared link stays short.
  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    var data = event.detail.formData;
    if (event.detail.verb !== "get" || !data || !elt || (elt.id !== "backlog-filters" && elt.id !== "item-list")) return;
    Array.from(new Set(data.keys())).forEach(function (name) {
      if (data.getAll(name).every(function (value) { return value === ""; })) data.delete(name);
    });
  });

  // A saved inline edit answers 204 and the list re-renders: that re-render replaces the row, which is done editing.
  document.addEventListener("htmx:afterRequest", function (event) {
    var row = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("li.item-row.editing") : null;
    if (row && event.detail.xhr && event.detail.xhr.status === 204) row.classList.remove("editing");
  });

  // Keyboard users keep their place: after a move the list re-renders, so focus the same button of the moved item
  // again (or, when that button is now disabled, the item's next usable control). Only while the focus is still on
  // that button or was lost with the re-render: focus the user has taken elsewhere meanwhile stays where they put it.
  var refocus = null;
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("#item-list form.move button") : null;
    if (button) refocus = { label: button.getAttribute("aria-label"), row: button.closest("li").id, button: button };
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!refocus || !event.detail.elt || event.detail.elt.id !== "item-list") return;
    var wanted = refocus;
    refocus = null;
    var focused = document.activeElement;
    if (focused && focused !== document.body && focused !== wanted.button) return;
    var row = document.getElementById(wanted.row);
    if (!row) return;
    var target = Array.prototype.find.call(row.querySelectorAll("form.move button"), function (button) {
      return button.getAttribute("aria-label") === wanted.label && !button.disabled;
    });
    target = target || row.querySelector("form.move button:not([disabled])") || row.querySelector("a");
    if (target) target.focus();
  });
})();
