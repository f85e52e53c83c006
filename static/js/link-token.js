// One-time links (/join#<token>, /reset-password#<token>): the token travels in the URL's
// fragment, which browsers never send to a server. Move it into the form's hidden field and
// out of the address bar (and so out of history and bookmarks). When the page has no token,
// show the note saying the link is incomplete.
(function () {
  "use strict";
  var field = document.querySelector("input[name=token]");
  if (!field) {
    return;
  }
  var token = window.location.hash.replace(/^#/, "");
  if (token) {
    field.value = decodeURIComponent(token);
    window.history.replaceState(null, "", window.location.pathname);
  }
  var missing = document.getElementById("link-missing");
  if (missing && !field.value) {
    missing.hidden = false;
  }
})();
