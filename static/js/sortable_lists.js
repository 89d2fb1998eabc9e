// Drag and drop, the same on every page: SortableJS (static/vendor/sortablejs/) on each list marked
// data-sortable="board|backlog|queue", set up again whenever htmx brings in new content. A drop posts what the page's
// own controls post (the card's Move form, the backlog's arrows, the queue's ↑ buttons), which stay for the keyboard
// and for pages without JavaScript. The server answers with the list as it stored it: its order is the one shown.
(function () {
  "use strict";

  // What each kind of list posts after a drop, or null when the drop changed nothing.
  var MODES = {
    // The board's columns: a card dropped in another column moves to that column; inside a column order is the
    // backlog's, so it does not sort.
    board: {
      items: "li.card[data-status-url]",
      group: "board",
      sort: false,
      request: function (evt) {
        if (evt.from === evt.to) return null;
        var columns = document.getElementById("board-columns");
        return {
          url: evt.item.dataset.statusUrl,
          source: evt.item,
          target: "#board-columns",
          swap: "outerHTML",
          // Keep showing what the page showed: the active sprint, or every item.
          values: { status: evt.to.closest("[data-status]").dataset.status, scope: columns.dataset.scope },
        };
      },
    },
    // The backlog: the row goes after the row now above it (or before the one below, at the top). The server then
    // says "backlog-changed" and the list re-renders itself.
    backlog: {
      items: "li.item-row[data-move-url]",
      request: function (evt) {
        if (evt.oldDraggableIndex === evt.newDraggableIndex) return null;
        var above = neighbour(evt.item, "previousElementSibling");
        var below = neighbour(evt.item, "nextElementSibling");
        var values = above ? { after: above.dataset.itemId } : { before: below.dataset.itemId };
        return { url: evt.item.dataset.moveUrl, source: evt.item, target: "#item-list", swap: "none", values: values };
      },
    },
    // The poker queue: the whole new order. An order made on a list the server has changed since would name the
    // wrong entries, so such a drop is not sent (below).
    queue: {
      items: "li[data-entry-id]",
      wholeOrder: true,
      request: function (evt) {
        if (evt.oldDraggableIndex === evt.newDraggableIndex) return null;
        var order = Array.prototype.map.call(evt.to.querySelectorAll(this.items), function (li) {
          return li.dataset.entryId;
        });
        return {
          url: evt.to.dataset.reorderUrl,
          source: evt.to,
          target: "#poker-queue",
          swap: "outerHTML",
          values: { order: order.join(",") },
        };
      },
    },
  };

  function neighbour(row, direction) {
    var next = row[direction];
    while (next && !(next.dataset && next.dataset.itemId)) next = next[direction];
    return next;
  }

  // The region that re-fetches the list (live.js refreshes it on "live:refresh").
  function regionOf(list) {
    return list.closest("[data-live-refresh]");
  }

  // The drag in progress, from the moment a row is picked up: its list, whether it has moved, and the live refresh
  // that arrived meanwhile (held back, see below).
  var drag = null;

  function choose(evt) {
    drag = { list: evt.from, started: false, held: null };
  }

  function start() {
    if (drag) drag.started = true;
  }

  // Fetch a list's region again (a refresh held back during a drag that sent nothing, a refused move), so the page
  // shows what the server has now.
  function catchUp(held) {
    if (held && held.isConnected) window.htmx.trigger(held, "live:refresh");
  }

  // Picked up and let go without a drag (a click): nothing to send.
  function unchoose() {
    if (!drag || drag.started) return;
    var held = drag.held;
    drag = null;
    catchUp(held);
  }

  function end(mode, evt) {
    var held = drag && drag.held;
    drag = null;
    var request = mode.request(evt);
    if (request && held && mode.wholeOrder) request = null;
    if (!request) {
      catchUp(held);
      return;
    }
    var region = regionOf(evt.to);
    // A refused move (a role taken away meanwhile) leaves the list as dragged: fetch the stored order back.
    request.source.addEventListener(
      "htmx:afterRequest",
      function (event) {
        if (!event.detail.successful) catchUp(region);
      },
      { once: true }
    );
    window.htmx.ajax("POST", request.url, {
      source: request.source,
      target: request.target,
      swap: request.swap,
      values: request.values,
    });
  }

  // A live refresh arriving while a row is being dragged would swap or morph the list under Sortable's hands. Hold
  // it back; after the drop the list is fetched again (by the move's own answer, or by the held refresh).
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!drag || !target || !target.contains(drag.list)) return;
    event.detail.shouldSwap = false;
    drag.held = event.detail.elt || target;
  });

  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  var lists = []; // the lists set up, to let go of those a swap took away or made unsortable (a role changed)

  function init(list) {
    var mode = MODES[list.dataset.sortable];
    if (!mode || window.Sortable.get(list)) return;
    lists.push(list);
    window.Sortable.create(list, {
      draggable: mode.items,
      group: mode.group || undefined,
      sort: mode.sort !== false,
      animation: reducedMotion ? 0 : 150,
      // Pressing a control inside a row (a select, a button) uses the control; it does not start a drag.
      filter: "button, input, select, textarea",
      preventOnFilter: false,
      // On a touch screen a row is picked up by a press held a moment, so a swipe still scrolls the page.
      delay: 300,
      delayOnTouchOnly: true,
      onChoose: choose,
      onStart: start,
      onUnchoose: unchoose,
      onEnd: function (evt) {
        end(mode, evt);
      },
    });
  }

  // New content from htmx (a swap), or a list morphed in place (idiomorph keeps the element, and may drop its mark).
  function sync() {
    lists = lists.filter(function (list) {
      if (list.isConnected && list.dataset.sortable) return true;
      var sortable = window.Sortable.get(list);
      if (sortable) sortable.destroy();
      return false;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-sortable]"), init);
  }
  window.htmx.onLoad(sync);
  document.addEventListener("htmx:afterSettle", sync);
})();
