// The registry's own behaviour on top of htmx: focus after swaps, confirmations, messages.
(function () {
  "use strict";

  // After a swap, move focus to the first field in error, else to the new content's heading,
  // so keyboard and screen-reader users land where the change happened.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var invalid = target.querySelector("[aria-invalid='true']");
    if (invalid) { invalid.focus(); return; }
    if (event.detail.boosted) {
      var main = document.getElementById("main");
      if (main) { main.focus({ preventScroll: true }); }
    }
  });

  // Flash messages returned in an htmx response header land in the live region.
  document.addEventListener("registry:message", function (event) {
    var region = document.getElementById("messages");
    if (!region || !event.detail || !event.detail.value) { return; }
    var p = document.createElement("p");
    p.className = "flash flash--" + (event.detail.category || "info");
    p.textContent = event.detail.value;
    region.replaceChildren(p);
  });

  // Keep the CSRF token fresh for htmx requests made after a boosted navigation.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector("meta[name='csrf-token']");
    if (meta) { event.detail.headers["X-CSRFToken"] = meta.content; }
  });
})();
