// Backlog by keyboard. The list is one tab stop: its rows share a roving tabindex, and the controls inside a row are
// reached by shortcuts, not by Tab. j/k (or ↓/↑) move between rows, Enter opens the item, e edits it, Alt+↑/↓ move it
// up or down the backlog, ? lists the shortcuts. Each step is announced to screen readers. Without JavaScript the
// page is as before: every control is a tab stop of its own.
(function () {
  "use strict";
  var ROWS = "#item-list li.item-row[data-item-id]";
  var current = null; // the item id of the row holding the tab stop
  var moving = null; // the item id of the row moved by Alt+arrow, refocused once the list re-renders

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll(ROWS));
  }

  // The words are the page's, in its language: the template renders them into the announcer's data- attributes,
  // with {name} where a value goes.
  function words(name, values) {
    var live = document.getElementById("backlog-announcer");
    var text = (live && live.dataset[name]) || "";
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values || {}, key) ? String(values[key]) : whole;
    });
  }

  function announce(text) {
    var live = document.getElementById("backlog-announcer");
    if (live) live.textContent = text;
  }

  function describe(row) {
    var all = rows();
    var title = row.querySelector(".title");
    return words("position", {
      title: title ? title.textContent.trim() : "",
      position: all.indexOf(row) + 1,
      count: all.length,
    });
  }

  function arm() {
    var all = rows();
    if (!all.length) return;
    var active = all.filter(function (row) { return row.dataset.itemId === current; })[0] || all[0];
    all.forEach(function (row) {
      row.tabIndex = row === active ? 0 : -1;
      row.querySelectorAll("a, button, input, select, textarea").forEach(function (control) {
        control.tabIndex = -1;
      });
    });
  }

  function focusRow(row) {
    current = row.dataset.itemId;
    arm();
    row.focus();
  }

  function typing(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable]");
  }

  function showHelp() {
    var help = document.getElementById("backlog-keys");
    if (help && !help.open) help.showModal();
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "?" && !typing(event.target)) {
      event.preventDefault();
      showHelp();
      return;
    }
    var row = event.target.matches && event.target.matches(ROWS) ? event.target : null;
    if (!row || event.ctrlKey || event.metaKey) return;
    var all = rows();
    var index = all.indexOf(row);
    var key = event.key;
    if (event.altKey && (key === "ArrowUp" || key === "ArrowDown")) {
      var button = row.querySelector('form.move button[name="' + (key === "ArrowUp" ? "before" : "after") + '"]');
      event.preventDefault();
      if (button && !button.disabled) {
        moving = row.dataset.itemId;
        button.click();
      } else {
        announce(words(key === "ArrowUp" ? "atTop" : "atBottom"));
      }
      return;
    }
    if (event.altKey) return;
    var next = null;
    if (key === "j" || key === "ArrowDown") next = all[index + 1];
    else if (key === "k" || key === "ArrowUp") next = all[index - 1];
    else if (key === "Home") next = all[0];
    else if (key === "End") next = all[all.length - 1];
    else if (key === "Enter") {
      var link = row.querySelector("a.title");
      if (link) link.click();
      return;
    } else if (key === "e") {
      var edit = row.querySelector(".row-actions a[hx-get]");
      event.preventDefault();
      if (edit) edit.click();
      return;
    } else return;
    event.preventDefault();
    if (next) {
      focusRow(next);
      announce(describe(next));
    }
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(ROWS)) current = event.target.dataset.itemId;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail.elt || !event.detail.elt.closest || !event.detail.elt.closest("#item-list, li.item-row")) return;
    arm();
    if (!moving) return;
    var moved = document.querySelector('#item-list li.item-row[data-item-id="' + moving + '"]');
    moving = null;
    if (moved) {
      focusRow(moved);
      announce(words("moved", { row: describe(moved) }));
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    arm();
    var open = document.getElementById("backlog-keys-open");
    if (open) {
      open.hidden = false;
      open.addEventListener("click", showHelp);
    }
  });
})();
