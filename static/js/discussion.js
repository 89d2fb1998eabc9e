// An item's activity (discussion/_discussion.html): a live refresh morphs the region in place, and a comment box that
// is being typed in (focused, or changed since it was drawn) is left as it is. The region's re-fetch also sends the
// drafts along and the server draws them back (docs/live.md), but what is typed while that request is on its way
// would be lost to a plain swap. The forms' own answers swap plainly, so a sent comment's box comes back empty.
(function () {
  "use strict";
  if (!window.Idiomorph) return;
  var before = window.Idiomorph.defaults.callbacks.beforeNodeMorphed;
  window.Idiomorph.defaults.callbacks.beforeNodeMorphed = function (oldNode, newNode) {
    if (oldNode.matches && oldNode.matches("#item-discussion textarea[data-draft]")) {
      if (oldNode === document.activeElement || oldNode.value !== oldNode.defaultValue) return false;
    }
    return before ? before(oldNode, newNode) : true;
  };
})();
