// Connection page: poll the portal's status JSON (same origin, session cookie, no API key);
// when its stamp changes, fetch this page again and swap the parts marked data-live (badge,
// banners, status, actions, queue, exchange log) so the page stays true without a reload.
// A part holding the keyboard focus waits for the next change. Status changes are announced.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root || !window.fetch || !window.DOMParser) { return; }
  var url = root.getAttribute("data-status-url");
  var note = document.getElementById("live-note");
  var EVERY_MS = 2000, HIDDEN_MS = 10000;
  var busy = false;

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var complete = true;
    fresh.querySelectorAll("[data-live]").forEach(function (part) {
      var name = part.getAttribute("data-live");
      var old = root.querySelector('[data-live="' + name + '"]');
      if (!old || old.innerHTML === part.innerHTML) { return; }
      if (old.contains(document.activeElement) && document.activeElement !== document.body) {
        complete = false;  // do not pull the focused control from under the user
        return;
      }
      old.innerHTML = part.innerHTML;
    });
    return complete;
  }

  function refresh(status) {
    return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.text(); })
      .then(function (html) {
        var before = (root.querySelector("[data-status-for]") || {}).textContent;
        if (swap(html)) { root.setAttribute("data-stamp", status.stamp); }
        if (note && before !== status.label) { note.textContent = "Status: " + status.label + "."; }
      });
  }

  function poll() {
    if (busy) { return; }
    busy = true;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (status) {
        if (status.stamp !== root.getAttribute("data-stamp")) { return refresh(status); }
      })
      .catch(function () { /* a dropped request: the next poll tries again */ })
      .then(function () {
        busy = false;
        root.setAttribute("data-refreshed", String(Date.now()));
        setTimeout(poll, document.hidden ? HIDDEN_MS : EVERY_MS);
      });
  }
  setTimeout(poll, EVERY_MS);
})();
