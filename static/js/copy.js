// Copy buttons: <button data-copy-target="element-id">. Buttons start hidden and appear
// only where the Clipboard API exists (HTTPS or localhost), so no button ever fails silently.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(
        function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = label; }, 2000);
        },
        function () {
          button.textContent = "Copy failed: select the text and copy it";
        }
      );
    });
  });
})();
