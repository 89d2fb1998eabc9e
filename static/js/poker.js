// Poker room: drag-and-drop reordering of the queue (the ↑ buttons work without it); countdown.js runs the timer.
(function () {
  "use strict";

  var dragged = null;
  var before = "";
  function orderOf(list) {
    return Array.prototype.map.call(list.querySelectorAll("li[data-entry-id]"), function (li) {
      return li.getAttribute("data-entry-id");
    }).join(",");
  }
  document.addEventListener("dragstart", function (e) {
    var li = e.target.closest && e.target.closest("ol[data-reorder-url] > li[data-entry-id]");
    if (!li) return;
    dragged = li;
    before = orderOf(li.parentNode);
    li.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", li.getAttribute("data-entry-id"));
  });
  document.addEventListener("dragover", function (e) {
    if (!dragged) return;
    var over = e.target.closest && e.target.closest("li[data-entry-id]");
    if (!over || over === dragged || over.parentNode !== dragged.parentNode) return;
    e.preventDefault();
    var box = over.getBoundingClientRect();
    var after = e.clientY > box.top + box.height / 2;
    over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
  });
  document.addEventListener("drop", function (e) { if (dragged) e.preventDefault(); });
  document.addEventListener("dragend", function () {
    if (!dragged) return;
    var list = dragged.parentNode;
    dragged.classList.remove("dragging");
    dragged = null;
    // A live refresh during the drag replaced the list: its order is the server's now, not this stale copy's.
    if (!list || !list.isConnected) return;
    var order = orderOf(list);
    if (order === before) return;  // dropped where it was: nothing to save
    window.htmx.ajax("POST", list.getAttribute("data-reorder-url"), {
      source: list, target: "#poker-queue", swap: "outerHTML", values: { order: order }
    });
  });
})();
