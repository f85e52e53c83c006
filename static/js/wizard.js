// The QWC Setup Wizard (templates/wizard/_steps.html).
//
// Portal mode: calls /api/v1 with an API key the portal makes for the wizard (POST key-url,
// session + CSRF header, answered once in the body) or one the user pastes. The key lives in this tab's
// sessionStorage only and travels only as "Authorization: Bearer"; every API call is made
// with credentials "omit", so the sign-in cookie never reaches the API.
// Link mode (hosted setup link, /auth-flow/<id>#<token>): the token comes in the URL
// fragment, which the browser never sends to a server. The script takes it, removes it from
// the address bar at once (history.replaceState, so history holds no copy either), keeps it in
// this tab's sessionStorage and sends it only in the X-Nxus-Setup-Token header to the link's
// own endpoints, again without cookies. The page the server sends is the same for every link;
// what it shows about the connection comes from the link's /session endpoint.
//
// sessionStorage keeps the step, the connection id and other non-secret facts so each step
// survives a reload; the Web Connector password is held in memory only, shown once.
(function () {
  "use strict";
  var root = document.getElementById("wizard");
  if (!root || !window.fetch) { return; }
  var cfg = root.dataset;
  var LINK = cfg.mode === "link";
  var PREFIX = cfg.storage + ".";
  var POLL_MS = 3000;
  var POLL_LIMIT = 400; // about 20 minutes of polling, then "Check now"
  var password = null; // step 3's password: memory only
  var pollTimer = null;
  var polls = 0;

  // --- storage ---------------------------------------------------------------------------
  function load(name) {
    try { return window.sessionStorage.getItem(PREFIX + name); } catch (e) { return null; }
  }
  function save(name, value) {
    try {
      if (value === null || value === undefined) { window.sessionStorage.removeItem(PREFIX + name); }
      else { window.sessionStorage.setItem(PREFIX + name, String(value)); }
    } catch (e) { /* storage off: the wizard still works until a reload */ }
  }
  // --- the setup link's token (link mode) -------------------------------------------------
  // Taken from the fragment as soon as the script runs, and from the fragment again if the
  // same link is pasted into this tab later (a same-page navigation: no reload).
  var TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,512}$/;
  var heldToken = null; // a copy for when sessionStorage is off
  function takeTokenFromAddress() {
    var raw = window.location.hash.replace(/^#/, "");
    var token;
    try { token = decodeURIComponent(raw); } catch (e) { token = raw; }
    if (!TOKEN_SHAPE.test(token)) { return false; } // e.g. #main from the skip link
    heldToken = token;
    save("token", token);
    var clean = window.location.pathname + window.location.search;
    try { window.history.replaceState(window.history.state, "", clean); } catch (e) { window.location.replace("#"); }
    return true;
  }
  function linkToken() { return load("token") || heldToken || ""; }
  if (LINK) {
    takeTokenFromAddress();
    window.addEventListener("hashchange", function () { if (takeTokenFromAddress()) { openLink(); } });
  }

  var FACTS = ["connectionId", "connectionName", "username", "appName", "qwcFilename",
               "downloaded", "passwordIssued", "step"];
  function forgetConnection() { FACTS.forEach(function (k) { save(k, null); }); }

  // --- DOM helpers -----------------------------------------------------------------------
  function q(sel, scope) { return (scope || root).querySelector(sel); }
  function qa(sel, scope) { return Array.prototype.slice.call((scope || root).querySelectorAll(sel)); }
  function fields(name, text) {
    qa('[data-field="' + name + '"]').forEach(function (el) { el.textContent = text; });
  }
  function show(sel, on) { qa(sel).forEach(function (el) { el.hidden = !on; }); }
  var announcer = document.getElementById("wizard-announce");
  var errorBox = document.getElementById("wizard-error");
  function announce(text) { announcer.textContent = ""; window.setTimeout(function () { announcer.textContent = text; }, 50); }
  function showError(text) { errorBox.textContent = text; errorBox.hidden = false; }
  function clearError() { errorBox.textContent = ""; errorBox.hidden = true; }
  function busy(button, on) {
    if (!button) { return; }
    button.disabled = on;
    if (on) { button.setAttribute("aria-busy", "true"); } else { button.removeAttribute("aria-busy"); }
  }

  // --- errors in words ---------------------------------------------------------------------
  var KEY_HELP = " Copy a key from Settings → API keys (it starts with sk_test_ or sk_live_).";
  var WORDS = {
    API_KEY_REQUIRED: "Paste your API key first." + KEY_HELP,
    API_KEY_INVALID: "nXus does not recognise this API key." + KEY_HELP,
    API_KEY_EXPIRED: "This API key has expired. Create a new one in Settings → API keys.",
    API_KEY_REVOKED: "This API key was revoked. Create a new one in Settings → API keys.",
    KEY_MODE_MISMATCH: "This key's mode does not match the connection: test keys set up development connections, live keys production ones.",
    CONNECTION_ARCHIVED: "This connection is archived, so it cannot be set up. Restore it on its connection page, or set up a new connection.",
    CONNECTION_RESTRICTED: "This connection is turned off. Turn it on again on its connection page, then continue.",
    NOT_FOUND: "nXus cannot find this connection with this key. A test key sees only development connections and a live key only production ones; or the connection was deleted.",
    RATE_LIMIT_EXCEEDED: "Too many requests in a short time. Wait a minute, then try again.",
    REQUEST_TOO_LARGE: "That is too much text for nXus to accept.",
    INTERNAL_ERROR: "nXus hit an unexpected problem. Try again in a moment; if it keeps happening, the server log says why."
    // A refused setup link (LINK_*) is explained by the server's userFacingMessage.
  };
  var LINK_TITLES = {
    LINK_MISSING: "This setup link is incomplete",
    LINK_UNKNOWN: "This setup link is not valid",
    LINK_SUPERSEDED: "This setup link was replaced",
    LINK_EXPIRED: "This setup link has expired",
    LINK_ARCHIVED: "This connection is archived"
  };
  function WizardError(message, code) { this.message = message; this.code = code || ""; }
  function words(error, status) {
    if (error && typeof error.code === "string" && WORDS[error.code]) { return WORDS[error.code]; }
    if (error && error.code === "VALIDATION_ERROR" && typeof error.message === "string") {
      return "Please check what you entered: " + error.message;
    }
    if (error && typeof error.userFacingMessage === "string" && error.userFacingMessage) {
      return error.userFacingMessage;
    }
    if (status === 401) { return WORDS.API_KEY_INVALID; }
    if (status === 404) { return WORDS.NOT_FOUND; }
    if (status >= 500) { return "nXus could not answer (HTTP " + status + "). Try again in a moment."; }
    return "nXus refused the request (HTTP " + status + ").";
  }
  function failed(response) {
    return response.text().then(function (text) {
      var body = null;
      try { body = JSON.parse(text); } catch (e) { body = null; }
      var error = body && typeof body === "object" ? body.error : null;
      throw new WizardError(words(error, response.status), error && error.code);
    });
  }
  function offline() {
    throw new WizardError("nXus could not be reached. Check the network connection, then try again.");
  }
  function report(err) {
    if (LINK && err instanceof WizardError && LINK_TITLES[err.code]) { return refuseLink(err); }
    showError(err instanceof WizardError ? err.message : "Something went wrong in this page. Reload it and try again.");
  }

  // --- requests ----------------------------------------------------------------------------
  function send(url, options) {
    return fetch(url, options).catch(offline).then(function (response) {
      return response.ok ? response : failed(response);
    });
  }
  function api(method, path, body) {
    var headers = { Accept: "application/json", Authorization: "Bearer " + (load("key") || "") };
    var options = { method: method, credentials: "omit", cache: "no-store", headers: headers };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return send(cfg.api + path, options);
  }
  function viaLink(method, url) {
    return send(url, { method: method, credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer",
                       headers: { Accept: "application/json", "X-Nxus-Setup-Token": linkToken() } });
  }
  function portal(method, template, body) {
    var url = template.replace(cfg.idSlot, uuidOf(load("connectionId")));
    var headers = { Accept: "application/json", "X-CSRFToken": cfg.csrf };
    var options = { method: method, credentials: "same-origin", cache: "no-store", headers: headers };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return send(url, options);
  }
  function uuidOf(id) {
    var hex = String(id || "").replace(/^conn_/, "").replace(/-/g, "");
    if (!/^[0-9a-fA-F]{32}$/.test(hex)) { return cfg.idSlot; }
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }
  function connectionPath(suffix) {
    return "/qwc-auth-setup/" + encodeURIComponent(load("connectionId")) + suffix;
  }

  // --- steps -------------------------------------------------------------------------------
  var TITLES = { 0: "Your API key", 1: "Create the connection", 2: "Download the .qwc file",
                 3: "Generate the password", 4: "Add it to the Web Connector", 5: "Verify" };
  var current = null;

  function go(step, focus) {
    stopPolling();
    clearError();
    current = step;
    save("step", step);
    qa("[data-step]").forEach(function (section) {
      section.hidden = Number(section.getAttribute("data-step")) !== step;
    });
    qa("[data-nav]").forEach(function (item) {
      var n = Number(item.getAttribute("data-nav"));
      item.classList.toggle("done", n < step);
      if (n === step) { item.setAttribute("aria-current", "step"); } else { item.removeAttribute("aria-current"); }
    });
    fillFacts();
    if (ENTER[step]) { ENTER[step](); }
    if (focus) {
      var heading = q('[data-step="' + step + '"] h2');
      if (heading) { heading.focus(); }
      announce((step ? "Step " + step + " of 5: " : "") + TITLES[step]);
    }
  }

  function fillFacts() {
    fields("connection-name", load("connectionName") || cfg.connectionName || "");
    fields("qbwc-username", load("username") || cfg.qbwcUsername || "the connection's user name");
    if (load("appName")) { fields("app-name", load("appName")); }
    if (load("qwcFilename")) { fields("qwc-filename", load("qwcFilename")); }
    show("[data-download-done]", load("downloaded") === "yes");
    show("[data-sample-offer]", !LINK && load("keyMode") === "test");
    var summaryEl = q("[data-key-summary]");
    if (summaryEl) { summaryEl.textContent = load("keySummary") || ""; }
  }

  var ENTER = {
    0: function () { var input = q("#api-key"); if (input) { input.value = ""; } },
    3: function () {
      var issued = load("passwordIssued") === "yes";
      show("[data-password-start]", !issued);
      show("[data-password-shown]", password !== null);
      show("[data-password-gone]", issued && password === null);
      show("[data-regenerate]", issued);
      show("[data-regenerate-confirm]", false);
    },
    4: function () {
      queueFirstExchange();
      status().then(function (s) {
        var list = q('[data-field="warnings"]');
        list.textContent = "";
        (s.warnings || []).forEach(function (text) {
          var li = document.createElement("li");
          li.textContent = text;
          list.appendChild(li);
        });
        show("[data-url-warnings]", (s.warnings || []).length > 0);
      }).catch(report);
    },
    5: function () {
      polls = 0;
      queueFirstExchange();
      poll();
    }
  };

  // --- step 0: the API key -----------------------------------------------------------------
  function useKey(event) {
    event.preventDefault();
    clearError();
    var input = q("#api-key");
    var key = input.value.trim();
    if (!/^sk_(test|live)_\S+$/.test(key)) {
      showError("That does not look like an nXus API key." + KEY_HELP);
      input.focus();
      return;
    }
    var button = q('#key-form button[type="submit"]');
    busy(button, true);
    adopt(key).then(function () { input.value = ""; }, function () { input.focus(); })
      .then(function () { busy(button, false); });
  }
  function adopt(key) {
    save("key", key);
    return api("GET", "/tenant/me").then(function (r) { return r.json(); }).then(function (tenant) {
      save("keyMode", key.indexOf("sk_live_") === 0 ? "live" : "test");
      save("keySummary", summary(tenant, key));
      go(1, true);
    }).catch(function (err) {
      save("key", null);
      report(err);
      throw err;
    });
  }
  function makeKey(button) {
    clearError();
    busy(button, true);
    portal("POST", cfg.keyUrl, { mode: button.getAttribute("data-mode") })
      .then(function (r) { return r.json(); })
      .then(function (made) { return adopt(made.key); })
      .catch(report).then(function () { busy(button, false); });
  }
  function useSample(button) {
    clearError();
    busy(button, true);
    portal("POST", cfg.sampleUrl).then(function () {
      announce("The sample company is connecting.");
      go(5, true);
    }).catch(report).then(function () { busy(button, false); });
  }
  function summary(tenant, key) {
    var live = key.indexOf("sk_live_") === 0;
    return "Using a " + (live ? "live" : "test") + " key of " + (tenant.name || "your organization") +
      ": it sets up a " + (live ? "production" : "development") + " connection.";
  }

  // --- step 1: create the connection ---------------------------------------------------------
  function createConnection(event) {
    event.preventDefault();
    clearError();
    var description = q("#description").value.trim();
    var externalId = q("#external-id").value;
    var body = {};
    if (description) { body.description = description; }
    if (externalId) { body.externalId = externalId; }
    var button = q('#connection-form button[type="submit"]');
    busy(button, true);
    api("POST", "/connections", body).then(function (r) { return r.json(); }).then(function (c) {
      forgetConnection();
      save("connectionId", c.id);
      save("connectionName", c.description || c.id);
      q("#connection-form").reset();
      go(2, true);
    }).catch(report).then(function () { busy(button, false); });
  }

  // --- step 2: the .qwc file -------------------------------------------------------------------
  function download(button) {
    clearError();
    busy(button, true);
    var request = LINK ? viaLink("GET", cfg.qwcUrl) : api("GET", connectionPath("/qwc"));
    request.then(function (response) {
      var disposition = response.headers.get("Content-Disposition") || "";
      var match = /filename="([^"]+)"/.exec(disposition);
      var name = match ? match[1] : "nxus.qwc";
      return response.text().then(function (text) { return { name: name, text: text }; });
    }).then(function (file) {
      rememberQwc(file.text);
      var url = URL.createObjectURL(new Blob([file.text], { type: "application/xml" }));
      var a = document.createElement("a");
      a.href = url;
      a.download = file.name;
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      window.setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
      save("qwcFilename", file.name);
      save("downloaded", "yes");
      fillFacts();
      announce("Saved " + file.name + ".");
    }).catch(report).then(function () { busy(button, false); });
  }
  function rememberQwc(text) {
    try {
      var doc = new DOMParser().parseFromString(text, "application/xml");
      var user = doc.querySelector("UserName");
      var app = doc.querySelector("AppName");
      if (user) { save("username", user.textContent); }
      if (app) { save("appName", app.textContent); }
    } catch (e) { /* the names are a convenience */ }
  }

  // --- step 3: the password ----------------------------------------------------------------------
  function generatePassword(button) {
    clearError();
    busy(button, true);
    var request = LINK ? viaLink("POST", cfg.passwordUrl) : api("POST", connectionPath("/password"));
    request.then(function (r) { return r.json(); }).then(function (body) {
      password = body.password;
      save("passwordIssued", "yes");
      q("#qbwc-password-out").textContent = password;
      ENTER[3]();
      var copy = q('[data-action="copy-password"]');
      copy.hidden = !navigator.clipboard;
      announce("Password generated. Copy it now: it is shown only once.");
      q("#qbwc-password-out").focus();
    }).catch(report).then(function () { busy(button, false); });
  }
  function copyPassword(button) {
    if (!password || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(password).then(function () {
      button.textContent = "Copied";
      announce("Password copied.");
      window.setTimeout(function () { button.textContent = "Copy password"; }, 2000);
    }, function () {
      button.textContent = "Copy failed: select the password and copy it";
    });
  }

  // --- steps 4 and 5: status -------------------------------------------------------------------
  function queueFirstExchange() {
    var request = LINK ? viaLink("POST", cfg.firstExchangeUrl) : portal("POST", cfg.firstExchangeUrl);
    request.catch(function () { /* only speeds up the first visit */ });
  }
  function status() {
    if (LINK) { return viaLink("GET", cfg.statusUrl).then(function (r) { return r.json(); }); }
    return api("GET", connectionPath("/status")).then(function (r) { return r.json(); });
  }
  function portalStatus() {
    // The diagnostic and edition come from the portal (signed-in user); optional.
    if (LINK) { return Promise.resolve(null); }
    return portal("GET", cfg.statusUrl).then(function (r) { return r.json(); }).catch(function () { return null; });
  }
  function when(iso) {
    // The portal's one date format: 2026-12-04 15:52 UTC.
    if (!iso) { return "—"; }
    var date = new Date(iso);
    if (isNaN(date.getTime())) { return iso; }
    return date.toISOString().slice(0, 16).replace("T", " ") + " UTC";
  }
  function render(s, extra) {
    var detail = extra || s;
    var diagnostic = detail.diagnostic || null;
    var connected = Boolean(s.isConnected);
    show("[data-connected]", connected);
    fields("company", s.companyName || "—");
    fields("edition", detail.edition || "—");
    fields("last-sync", when(s.lastSyncAt));
    show("[data-sample]", connected && s.isSampleFile === true);
    show("[data-diagnostic]", Boolean(diagnostic));
    if (diagnostic) {
      fields("diag-title", diagnostic.title);
      fields("diag-explanation", diagnostic.explanation);
      fields("diag-fix", diagnostic.fix);
      var link = q('[data-field="diag-link"]');
      link.href = diagnostic.supportUrl;
    }
    var text;
    if (diagnostic && diagnostic.severity === "error") {
      text = "Not connected yet: " + diagnostic.title + ".";
    } else if (connected) {
      text = "Connected to " + (s.companyName || "QuickBooks") + ".";
    } else {
      text = "Waiting for the Web Connector's first visit…";
    }
    var box = q('[data-field="verify-text"]');
    if (box.textContent !== text) { box.textContent = text; }
    var verify = q("#verify-status");
    verify.className = "verify " + (diagnostic && diagnostic.severity === "error" ? "bad" : connected ? "ok" : "");
    var detailLink = q('[data-field="detail-link"]');
    var finish = q('[data-field="finish-link"]');
    if (detailLink && cfg.detailUrl) {
      detailLink.href = cfg.detailUrl.replace(cfg.idSlot, uuidOf(load("connectionId")));
      detailLink.hidden = connected;
      finish.href = detailLink.href;
      finish.hidden = !connected;
    }
    root.setAttribute("data-verified", connected ? "connected" : diagnostic ? "problem" : "waiting");
  }
  function poll() {
    if (current !== 5) { return; }
    Promise.all([status(), portalStatus()]).then(function (results) {
      clearError();
      render(results[0], results[1]);
      polls += 1;
      if (current === 5 && polls < POLL_LIMIT) { pollTimer = window.setTimeout(poll, POLL_MS); }
    }).catch(function (err) {
      report(err);
      // Keep trying through network hiccups; a refusal (bad key, archived) needs the user.
      if (err instanceof WizardError && !err.code && current === 5) { pollTimer = window.setTimeout(poll, POLL_MS * 3); }
    });
  }
  function stopPolling() {
    if (pollTimer) { window.clearTimeout(pollTimer); pollTimer = null; }
  }

  // --- wiring ------------------------------------------------------------------------------------
  var ACTIONS = {
    "forget-key": function () { save("key", null); save("keySummary", null); save("keyMode", null); forgetConnection(); go(0, true); },
    download: download,
    "make-key": makeKey,
    sample: useSample,
    password: generatePassword,
    "copy-password": copyPassword,
    "confirm-regenerate": function () {
      show("[data-regenerate-confirm]", true);
      q('[data-regenerate-confirm] button').focus();
    },
    "cancel-regenerate": function () {
      show("[data-regenerate-confirm]", false);
      q('[data-action="confirm-regenerate"]').focus();
    },
    back: function () { go(Math.max(current - 1, LINK ? 2 : 1), true); },
    next: function (button) {
      var needs = button.getAttribute("data-needs");
      if (needs === "downloaded" && load("downloaded") !== "yes") {
        showError("Download the .qwc file first: you need it in step 4.");
        return;
      }
      if (needs === "password" && load("passwordIssued") !== "yes") {
        showError("Generate the password first: you enter it in the Web Connector in step 4.");
        return;
      }
      go(current + 1, true);
    },
    check: function () { stopPolling(); polls = 0; poll(); },
    restart: function () { password = null; forgetConnection(); go(1, true); }
  };
  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (!button || !root.contains(button) || button.tagName === "A") { return; }
    var action = ACTIONS[button.getAttribute("data-action")];
    if (action) { action(button); }
  });
  var finishLink = q('[data-field="finish-link"]');
  if (finishLink) {
    // Finish: the setup is done; the next visit starts a new one (the key stays for it).
    finishLink.addEventListener("click", function () { password = null; forgetConnection(); });
  }
  var keyForm = q("#key-form");
  if (keyForm) { keyForm.addEventListener("submit", useKey); }
  var connectionForm = q("#connection-form");
  if (connectionForm) { connectionForm.addEventListener("submit", createConnection); }

  // --- link mode: check the link, then show its connection ------------------------------------------
  function linkState(title, message, focus) {
    var box = document.getElementById("link-check");
    box.hidden = false;
    qa('[data-field="link-title"]', box).forEach(function (el) { el.textContent = title; });
    qa('[data-field="link-message"]', box).forEach(function (el) { el.textContent = message; });
    qa("[data-link-ready]", document).forEach(function (el) { el.hidden = true; });
    if (focus) { q("h1", box).focus(); } // the steps the user was in are gone: say why
  }
  function refuseLink(err) {
    // The link was refused for good (expired, replaced, ...): drop its token, show why.
    var midway = current !== null;
    stopPolling();
    current = null;
    save("token", null);
    heldToken = null;
    linkState(LINK_TITLES[err.code], err.message, midway);
  }
  function openLink() {
    if (!linkToken()) {
      return linkState(LINK_TITLES.LINK_MISSING, "This page did not get the secret part of the setup link " +
        "(everything after the #). Open the whole link you received again.");
    }
    viaLink("GET", cfg.sessionUrl).then(function (r) { return r.json(); }).then(function (link) {
      if (load("connectionId") !== link.connectionId) { forgetConnection(); }
      save("connectionId", link.connectionId);
      save("connectionName", link.connectionName);
      save("username", link.qbwcUsername);
      save("appName", link.appName);
      fields("link-expires", when(link.expiresAt));
      var back = document.querySelector("[data-link-return]");
      if (back && typeof link.redirectUrl === "string" && /^https?:\/\//i.test(link.redirectUrl)) {
        back.querySelector("a").href = link.redirectUrl;
        back.hidden = false;
      }
      document.getElementById("link-check").hidden = true;
      qa("[data-link-ready]", document).forEach(function (el) { el.hidden = false; });
      var step = Number(load("step")) || 2;
      go(Math.min(Math.max(step, 2), 5), false);
    }).catch(function (err) {
      if (err instanceof WizardError && LINK_TITLES[err.code]) { return refuseLink(err); }
      linkState("The setup link could not be checked",
        err instanceof WizardError ? err.message : "Something went wrong in this page. Reload it and try again.");
    });
  }

  // --- resume --------------------------------------------------------------------------------------
  function start() {
    if (LINK) { return openLink(); }
    if (!load("key")) { return go(0, false); }
    var stored = Number(load("step")) || 1;
    if (!load("connectionId")) { stored = 1; }
    go(Math.min(Math.max(stored, 1), 5), false);
  }
  start();
})();
