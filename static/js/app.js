// Site-wide behaviour. With htmx, a refused request (403, 404, 500) shows its message in the flash region
// instead of failing silently; form errors (400/409) are swapped in by htmx itself.
(function () {
  "use strict";

  function show(text) {
    var flash = document.getElementById("flash");
    if (!flash) return;
    var p = document.createElement("p");
    p.className = "message error";
    p.textContent = text;
    flash.replaceChildren(p);
  }

  // The texts are the page's own (in its language): base.html puts them on the flash region.
  function said(name, fallback) {
    var flash = document.getElementById("flash");
    return (flash && flash.dataset[name]) || fallback;
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var text = said("refusedText", "The server refused this. Status:") + " " + xhr.status;
    try {
      var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var found = doc.querySelector("[data-error-message]");
      if (found) text = found.textContent.trim();
    } catch (e) {
      /* keep the generic message */
    }
    show(text);
  });

  document.addEventListener("htmx:sendError", function () {
    show(said("unreachableText", "The server could not be reached. Check your connection and try again."));
  });

  // A successful htmx request clears an old error message; a live refresh (live.js, or a list fetching its stored
  // order back after a refused drag) is no answer to what the user did, so the message stays for them to read.
  document.addEventListener("htmx:afterRequest", function (event) {
    var flash = document.getElementById("flash");
    var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    if (trigger && trigger.type === "live:refresh") return;
    if (event.detail.successful && flash && event.detail.target !== flash && flash.querySelector(".error")) {
      flash.replaceChildren();
    }
  });

  // The browser's time zone, for the times on pages of anyone whose settings name none (accounts.preferences).
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.split("; ").indexOf("tz=" + zone) < 0) {
      document.cookie = "tz=" + zone + "; path=/; max-age=31536000; samesite=lax";
    }
  } catch (e) {
    /* no Intl: the site's zone */
  }

  // On a phone the navigation is a strip that scrolls sideways: bring the current page's link into view.
  document.addEventListener("DOMContentLoaded", function () {
    var current = document.querySelector('.main-nav a[aria-current="page"]');
    var strip = current && current.closest(".main-nav");
    if (strip && strip.scrollWidth > strip.clientWidth) {
      strip.scrollLeft = current.offsetLeft - strip.offsetLeft - 16;
    }
  });

  // The navigation's menu (the ceremonies): a click opens or closes it, Escape or a click elsewhere closes it.
  function closeMenus(except) {
    document.querySelectorAll('.nav-group-label[aria-expanded="true"]').forEach(function (label) {
      if (label !== except) label.setAttribute("aria-expanded", "false");
    });
  }
  document.addEventListener("click", function (event) {
    var label = event.target.closest && event.target.closest(".nav-group-label");
    closeMenus(label);
    if (label) label.setAttribute("aria-expanded", label.getAttribute("aria-expanded") === "true" ? "false" : "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeMenus(null);
  });
})();
