// Dashboard: refresh each connection's status badge, company and problem without a reload.
// Same-origin JSON behind the portal login (no API key); announced politely when a status
// changes so screen-reader users hear it.
(function () {
  "use strict";
  var section = document.getElementById("connections");
  var note = document.getElementById("status-note");
  if (!section || !window.fetch) { return; }
  var url = section.getAttribute("data-status-url");
  var EVERY_MS = 5000;

  function setText(el, text) { if (el && el.textContent !== text) { el.textContent = text; } }

  function update(row, s) {
    var changed = [];
    var badge = row.querySelector("[data-status-for]");
    if (badge && badge.textContent !== s.label) {
      changed.push((row.querySelector("a") || row).textContent.trim() + ": " + s.label);
      badge.textContent = s.label;
      badge.className = "badge " + s.badge;
    }
    setText(row.querySelector('[data-field="companyName"]'), s.companyName || "—");
    setText(row.querySelector('[data-field="queued"]'), String(s.queued));
    var problem = row.querySelector('[data-field="problem"]');
    if (problem) {
      var want = s.diagnostic ? s.diagnostic.title : "—";
      if (problem.textContent.trim() !== want) {
        problem.textContent = "";
        if (s.diagnostic) {
          var a = document.createElement("a");
          a.href = s.diagnostic.supportUrl;
          a.textContent = s.diagnostic.title;
          problem.appendChild(a);
        } else {
          problem.textContent = "—";
        }
      }
    }
    return changed;
  }

  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (body) {
        var changed = [];
        body.connections.forEach(function (s) {
          var row = section.querySelector('tr[data-connection-id="' + s.id + '"]');
          if (row) { changed = changed.concat(update(row, s)); }
        });
        if (changed.length) { setText(note, "Updated: " + changed.join("; ") + "."); }
        section.setAttribute("data-refreshed", String(Date.now()));
      })
      .catch(function () { setText(note, "Could not refresh the statuses; retrying."); })
      .then(function () { setTimeout(refresh, EVERY_MS); });
  }
  setTimeout(refresh, 1000);
})();
