// The invitation link: selected when focused, copied by its button (a static file: the CSP
// forbids inline scripts and on* attributes).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var input = document.getElementById(button.dataset.copy);
    input.select();
    var done = function () { button.textContent = button.dataset.copied; };
    var byCommand = function () { document.execCommand("copy"); done(); };
    if (navigator.clipboard && window.isSecureContext) {
      // refused (no permission, page not focused): the older way, so the member is told
      navigator.clipboard.writeText(input.value).then(done, byCommand);
    } else {
      byCommand();
    }
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-select-on-focus]")) event.target.select();
  });
})();
