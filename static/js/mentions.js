// @mentions in comment boxes (textarea[data-mentions]): typing "@" and the start of a name lists the board's
// members that match (the page renders them as JSON in #mention-members), as an ARIA listbox under the box. Up and
// down choose, Enter or Tab takes the name, Escape closes; a click takes one too. Events are delegated from the
// document, so boxes the live refresh draws anew work the same.
(function () {
  "use strict";
  var LIST_ID = "mention-list";
  var MAX = 8;
  var state = null; // {box, start, options: [names], active: index}

  function members() {
    var source = document.getElementById("mention-members");
    if (!source) return [];
    try { return JSON.parse(source.textContent) || []; } catch (e) { return []; }
  }

  // The "@name" being typed just before the caret, if any: its start (the "@") and what follows it.
  function typed(box) {
    var before = box.value.slice(0, box.selectionStart);
    var found = /(^|[^\w@.+-])@([\w.+-]*)$/.exec(before);
    if (!found) return null;
    return { start: before.length - found[2].length - 1, prefix: found[2].toLowerCase() };
  }

  function close() {
    var list = document.getElementById(LIST_ID);
    if (list) list.remove();
    if (state) {
      state.box.setAttribute("aria-expanded", "false");
      state.box.removeAttribute("aria-activedescendant");
    }
    state = null;
  }

  function draw() {
    var list = document.getElementById(LIST_ID);
    if (!list) {
      list = document.createElement("ul");
      list.id = LIST_ID;
      list.className = "mention-list";
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", state.box.getAttribute("data-mentions-label") || "Members");
      state.box.insertAdjacentElement("afterend", list);
    }
    list.textContent = "";
    state.options.forEach(function (name, index) {
      var option = document.createElement("li");
      option.id = LIST_ID + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", index === state.active ? "true" : "false");
      option.dataset.name = name;
      option.textContent = "@" + name;
      list.appendChild(option);
    });
    state.box.setAttribute("aria-controls", LIST_ID);
    state.box.setAttribute("aria-expanded", "true");
    state.box.setAttribute("aria-activedescendant", LIST_ID + "-" + state.active);
  }

  function update(box) {
    var at = typed(box);
    if (!at) return close();
    var options = members().filter(function (name) {
      return name.toLowerCase().indexOf(at.prefix) === 0;
    }).slice(0, MAX);
    if (!options.length) return close();
    if (state && state.box !== box) close();
    var active = state && state.options[state.active] ? options.indexOf(state.options[state.active]) : 0;
    state = { box: box, start: at.start, options: options, active: Math.max(active, 0) };
    draw();
  }

  function take(name) {
    var box = state.box;
    var end = box.selectionStart;
    var text = "@" + name + " ";
    box.value = box.value.slice(0, state.start) + text + box.value.slice(end);
    var caret = state.start + text.length;
    box.setSelectionRange(caret, caret);
    close();
    box.focus();
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function isBox(node) {
    return node && node.matches && node.matches("textarea[data-mentions]");
  }

  document.addEventListener("input", function (event) {
    if (isBox(event.target)) update(event.target);
  });

  document.addEventListener("keydown", function (event) {
    if (!state || event.target !== state.box) return;
    var count = state.options.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      state.active = (state.active + (event.key === "ArrowDown" ? 1 : count - 1)) % count;
      draw();
    } else if (event.key === "Enter" || event.key === "Tab") {
      take(state.options[state.active]);
    } else if (event.key === "Escape") {
      close();
    } else {
      return;
    }
    event.preventDefault();
  });

  // mousedown, not click: the box keeps its focus and caret.
  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest("#" + LIST_ID + " [role=option]");
    if (option && state) {
      event.preventDefault();
      take(option.dataset.name);
    } else if (state && event.target !== state.box) {
      close();
    }
  });

  document.addEventListener("focusout", function (event) {
    if (state && event.target === state.box) setTimeout(function () {
      if (state && document.activeElement !== state.box) close();
    }, 0);
  });

  // A live refresh morphs the region and keeps a box being typed in (js/discussion.js), but drops the list, which
  // the server does not draw: draw it again, or forget it when the box itself was replaced.
  document.addEventListener("htmx:afterSettle", function () {
    if (!state) return;
    if (document.body.contains(state.box)) {
      draw();
    } else {
      var list = document.getElementById(LIST_ID);
      if (list) list.remove();
      state = null;
    }
  });
})();
