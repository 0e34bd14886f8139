// A "print" button where a page offers one (progressive enhancement: without this
// script the button stays hidden and the browser's own print command does the same).
(function () {
  "use strict";
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
