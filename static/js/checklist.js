// An item's checklist (boards/item.html#checklist): a live refresh morphs the region in place, but an entry's text
// that is being typed (focused, or changed and not yet sent) is left as it is, so another member's tick does not
// wipe a rename or a new entry half written. The region's own form answers swap plainly and are not affected.
(function () {
  "use strict";
  if (!window.Idiomorph) return;
  var before = window.Idiomorph.defaults.callbacks.beforeNodeMorphed;
  window.Idiomorph.defaults.callbacks.beforeNodeMorphed = function (oldNode, newNode) {
    if (oldNode.classList && oldNode.classList.contains("checklist-text")) {
      if (oldNode === document.activeElement || oldNode.value !== oldNode.defaultValue) return false;
    }
    return before ? before(oldNode, newNode) : true;
  };
})();
