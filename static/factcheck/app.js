// factcheck: keyboard shortcuts. Any element with data-key="x" is clicked when x is pressed,
// unless the reader is typing in a field or holds a modifier key.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]")) {
      if (event.key === "Escape") target.blur();
      return;
    }
    const control = document.querySelector('[data-key="' + CSS.escape(event.key.toLowerCase()) + '"]');
    if (control) {
      event.preventDefault();
      control.click();
    }
  });
})();
