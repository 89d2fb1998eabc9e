// Live updates (docs/live.md). A page marks what it shows:
//   <section data-live-topic="poker:12"> … <div hx-get="…" hx-trigger="live:refresh" data-live-refresh="poker.voted poker.revealed"> …
// This script opens one WebSocket per topic, and on each event re-fetches (through htmx) every partial that lists
// the event's name ("*" for all). HTML always comes from the server's views. When the socket drops it reconnects
// with exponential backoff and re-fetches everything on reconnect; while no socket can be had, it polls.
// The server's heartbeat comes every few seconds through the channel layer: when the layer is down the server says
// "live.down" (the page polls) and "live.resync" once it is back (the page re-fetches everything); a socket silent for
// three heartbeats is taken for dead: the page re-fetches everything and reconnects.
(function () {
  "use strict";
  // A page may load it twice (its own script tag and a block that brings it along): one set of sockets.
  if (window.scrumLive) return;
  window.scrumLive = true;

  var REFUSED = 4403;
  var MAX_BACKOFF_MS = 30000;
  // Until the first heartbeat says how often they come (LIVE_HEARTBEAT_SECONDS), silence this long means dead.
  var DEFAULT_SILENCE_MS = 90000;

  function refreshTargets(topic, eventName) {
    var scopes = document.querySelectorAll('[data-live-topic="' + topic + '"]');
    var targets = [];
    scopes.forEach(function (scope) {
      var candidates = Array.prototype.slice.call(scope.querySelectorAll("[data-live-refresh]"));
      if (scope.hasAttribute("data-live-refresh")) candidates.push(scope);
      candidates.forEach(function (el) {
        var names = (el.getAttribute("data-live-refresh") || "").split(/\s+/);
        if (!eventName || names.indexOf("*") >= 0 || names.indexOf(eventName) >= 0) targets.push(el);
      });
    });
    return targets;
  }

  // htmx drops a trigger while the element's previous request is in flight, and that response may predate the
  // event: remember the element (by id) and fetch again once the request is done.
  var pending = {};
  // A region's own actions in flight (a vote, a note sent from a form inside it), by the region's id: a re-fetch waits
  // for them (see below).
  var acting = {};

  function fire(el) {
    if (!window.htmx) return;
    // The partial may have been swapped for a fresh copy while the event waited: refresh the copy on the page.
    if (!document.body.contains(el)) el = el.id ? document.getElementById(el.id) : null;
    if (!el) return;
    if (el.classList.contains("htmx-request") || acting[el.id]) {
      if (el.id) pending[el.id] = true;
      return;
    }
    window.htmx.trigger(el, "live:refresh");
  }

  // Every request from a live region says whether its socket is open (X-Live-State: open, polling, connecting):
  // a server that counts presence by the socket's heartbeats then need not count the page's own fetches, which may
  // still be on their way when the tab closes (poker.presence).
  document.addEventListener("htmx:configRequest", function (e) {
    var scope = e.detail && e.detail.elt && e.detail.elt.closest && e.detail.elt.closest("[data-live-topic]");
    if (scope && scope.getAttribute("data-live-state")) {
      e.detail.headers["X-Live-State"] = scope.getAttribute("data-live-state");
    }
  });

  function fetchAgain(id) {
    if (!pending[id]) return;
    delete pending[id];
    setTimeout(function () {
      var el = document.getElementById(id);
      if (el) fire(el);
    }, 20);
  }

  function isRefresh(config) {
    return !!(config && config.triggeringEvent && config.triggeringEvent.type === "live:refresh");
  }

  // A member's own action answers with the region it came from. A re-fetch of that region still on its way would swap
  // first and leave the answer a detached target: the answer (its refusal, the emptied box) would be lost, and the box
  // would keep a note already added. So an action voids its region's re-fetch, and re-fetches wait for the answer.
  // (A region with its own hx-sync, the item's discussion, orders its requests itself.)
  // beforeSend: the request goes out now (beforeRequest may still be cancelled). Its end is taken from the request
  // itself (loadend: answered, failed, aborted or timed out), not from htmx's afterRequest, which never reaches the
  // document when the form was swapped away before its answer came (two quick clicks in one region).
  document.addEventListener("htmx:beforeSend", function (e) {
    var config = e.detail.requestConfig;
    var target = e.detail.target;
    var region = target && target.closest && target.closest("[data-live-refresh][id]");
    if (!config || isRefresh(config) || !region || region === e.detail.elt || region.hasAttribute("hx-sync")) return;
    var id = region.id;
    acting[id] = (acting[id] || 0) + 1;
    if (region.classList.contains("htmx-request")) {
      // Its answer is not swapped in (below); the region is fetched again once the action is answered. (Not an
      // abort: htmx logs an aborted request as an error in the console.)
      pending[id] = true;
      region.liveStale = true;
    }
    e.detail.xhr.addEventListener("loadend", function () {
      // Its answer went to a region already replaced (by the answer to a quicker click): fetch what is true now.
      if (!target.isConnected) pending[id] = true;
      acting[id] -= 1;
      if (acting[id] > 0) return;
      delete acting[id];
      fetchAgain(id);
    });
  });

  document.addEventListener("htmx:afterRequest", function (e) {
    var elt = e.detail && e.detail.elt;
    if (elt) elt.liveStale = false;  // answered or failed: a voided re-fetch voids nothing after it
    if (elt && elt.id) fetchAgain(elt.id);
  });

  // What is being typed survives a live re-fetch. In a form marked `data-live-keep` (it needs an id), a field changed
  // since the server drew it keeps its value through its region's swap. The server cannot draw it back: the re-fetch
  // may have left before the typing began (it then answers with an empty form), or after the form was sent (it would
  // draw back a note already added). The form's own answer is no re-fetch: a sent note's box comes back empty.
  function changed(field) {
    if (field.type === "checkbox" || field.type === "radio") return field.checked !== field.defaultChecked;
    if (field.tagName === "SELECT") {
      return Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return field.value !== field.defaultValue;
  }

  function fieldIn(form, field) {
    var selector = '[name="' + CSS.escape(field.name) + '"]';
    if (field.type === "checkbox" || field.type === "radio") selector += '[value="' + CSS.escape(field.value) + '"]';
    return form.querySelector(selector);
  }

  document.addEventListener("htmx:beforeSwap", function (e) {
    var config = e.detail.requestConfig;
    if (!isRefresh(config) || !e.detail.target) return;
    if (e.detail.elt && e.detail.elt.liveStale) {  // a re-fetch sent before the member's own action
      e.detail.elt.liveStale = false;
      e.detail.shouldSwap = false;
      return;
    }
    var typed = [];
    e.detail.target.querySelectorAll("form[data-live-keep][id]").forEach(function (form) {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!field.name || field.type === "hidden" || !changed(field)) return;
        typed.push({ form: form.id, field: field, value: field.value, checked: field.checked,
          chosen: field.tagName === "SELECT" ? Array.prototype.map.call(field.selectedOptions, function (o) { return o.value; }) : null });
      });
    });
    config.liveTyped = typed;
  });

  document.addEventListener("htmx:afterSwap", function (e) {
    var config = e.detail.requestConfig;
    (config && config.liveTyped || []).forEach(function (was) {
      var form = document.getElementById(was.form);
      var field = form && fieldIn(form, was.field);
      if (!field || field === was.field) return;  // gone with its phase, or morphed in place and never lost
      if (was.chosen) {
        Array.prototype.forEach.call(field.options, function (o) { o.selected = was.chosen.indexOf(o.value) >= 0; });
      } else if (field.type === "checkbox" || field.type === "radio") {
        field.checked = was.checked;
      } else {
        field.value = was.value;
      }
    });
  });

  // A trailing re-fetch after the last event of a burst: whatever raced with the first fetch (a swap in progress, a
  // partial replaced before htmx had wired it), the page converges on the committed state.
  var TRAILING_MS = 400;
  var trailing = {};

  function refresh(topic, eventName) {
    refreshTargets(topic, eventName).forEach(function (el) {
      // Coalesce bursts (30 votes in a second) into one fetch per partial.
      if (!el._liveTimer) {
        el._liveTimer = setTimeout(function () {
          el._liveTimer = null;
          fire(el);
        }, 50);
      }
      if (!el.id) return;
      clearTimeout(trailing[el.id]);
      trailing[el.id] = setTimeout(function () {
        delete trailing[el.id];
        var current = document.getElementById(el.id);
        if (current) fire(current);
      }, TRAILING_MS);
    });
  }

  function setState(topic, state) {
    document.querySelectorAll('[data-live-topic="' + topic + '"]').forEach(function (scope) {
      scope.setAttribute("data-live-state", state);
    });
    document.dispatchEvent(new CustomEvent("live:state", { detail: { topic: topic, state: state } }));
  }

  function follow(topic, pollMs) {
    var attempts = 0;
    var pollTimer = null;
    var everOpened = false;
    var parts = topic.split(":");
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var url = scheme + window.location.host + "/ws/" + encodeURIComponent(parts[0]) + "/" + encodeURIComponent(parts[1]) + "/";

    function startPolling() {
      if (pollTimer) return;
      setState(topic, "polling");
      pollTimer = setInterval(function () { refresh(topic, null); }, pollMs);
    }

    function stopPolling() {
      if (pollTimer) clearInterval(pollTimer);
      pollTimer = null;
    }

    function connect() {
      var socket;
      var silenceMs = DEFAULT_SILENCE_MS;
      var lastHeard = Date.now();
      var watch = null;
      try {
        socket = new WebSocket(url);
      } catch (e) {
        startPolling();
        return;
      }
      socket.onopen = function () {
        stopPolling();
        setState(topic, "open");
        // Whatever happened while we were away: fetch the current state once.
        if (everOpened || attempts > 0) refresh(topic, null);
        everOpened = true;
        attempts = 0;
        lastHeard = Date.now();
        watch = setInterval(function () {
          if (Date.now() - lastHeard <= silenceMs) return;
          // Heard nothing for three heartbeats: the socket is dead without knowing it. Catch up, then reconnect.
          clearInterval(watch);
          refresh(topic, null);
          socket.close();
        }, 1000);
      };
      socket.onmessage = function (message) {
        var data;
        lastHeard = Date.now();
        try { data = JSON.parse(message.data); } catch (e) { return; }
        if (data.event === "live.heartbeat") {
          if (data.every > 0) silenceMs = Math.max(3000, 3 * 1000 * data.every);
        } else if (data.event === "live.down") {
          startPolling();  // events are being lost: poll until the server says the layer is back
        } else if (data.event === "live.resync") {
          stopPolling();
          setState(topic, "open");
          refresh(topic, null);
        } else if (data.event && data.event !== "pong") {
          refresh(topic, data.event);
        }
      };
      socket.onclose = function (closing) {
        if (watch) clearInterval(watch);
        if (closing.code === REFUSED) { startPolling(); return; }
        attempts += 1;
        startPolling();
        var delay = Math.min(MAX_BACKOFF_MS, 500 * Math.pow(2, attempts - 1));
        setTimeout(connect, delay * (0.8 + Math.random() * 0.4));
      };
    }

    if (!("WebSocket" in window)) { startPolling(); return; }
    setState(topic, "connecting");
    connect();
  }

  function start() {
    var seen = {};
    document.querySelectorAll("[data-live-topic]").forEach(function (scope) {
      var topic = scope.getAttribute("data-live-topic");
      if (!topic || seen[topic]) return;
      seen[topic] = true;
      follow(topic, parseInt(scope.getAttribute("data-live-poll") || "4000", 10));
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
