// The registry's own behaviour on top of htmx. No page needs its own script for these:
//
// * Loading indicator: <body hx-indicator="#loading"> shows the bar at the top of the page for
//   every htmx request (boosted navigation included); the region being replaced gets
//   aria-busy="true" meanwhile.
// * Confirmation before destructive actions: put data-confirm="<question>" on the <form>, on its
//   submit <button>, or on any element with hx-post/hx-delete…:
//     <form method="post" action="…" data-confirm="{{ _('End this model?') }}">…</form>
//     <button hx-delete="…" data-confirm="{{ _('Delete this site?') }}">…</button>
//   The question appears in the page's own dialog (#confirm-dialog), in the interface language,
//   with Cancel focused. Works for boosted, targeted-htmx and plain forms alike. hx-confirm
//   works too and uses the same dialog.
// * Focus after a swap: the first field in error; after a boosted navigation, the page's <h1>;
//   when the swap removed the focused element, the new content. Swaps nobody asked for (a lazy
//   panel arriving, a progress bar polling) leave the focus and the scroll position alone. Put
//   data-autofocus on an element of a fragment to choose it yourself.
// * Messages: flash() in a view reaches the aria-live region #messages — on the next full page,
//   or, for a targeted htmx swap, through the HX-Trigger event "registry:message"
//   (registry.web.htmx_message). Failed requests say so there too.
// * Printing: css/print.css (A4); folded <details> open for the paper. A button with data-print
//   prints the page (no inline handlers: the Content-Security-Policy forbids them).
// * Session ended: a form sent after the session ended answers 401; for a targeted htmx request
//   with the event "registry:session-ended" {url}, and the browser goes to that sign-in page
//   (a draft keeper can listen to the same event first).
// * Phone menu: below 48rem the main navigation folds behind its "Menu" button (aria-expanded);
//   without this script the links simply stay listed.
(function () {
  "use strict";

  document.documentElement.classList.add("js");
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".site-nav__toggle");
    if (!toggle) { return; }
    toggle.setAttribute("aria-expanded", toggle.getAttribute("aria-expanded") === "true" ? "false" : "true");
  });

  var messages = function () { return document.getElementById("messages"); };

  function showMessages(list) {
    var region = messages();
    if (!region || !list || !list.length) { return; }
    var nodes = list.map(function (item) {
      var p = document.createElement("p");
      p.className = "flash flash--" + (item.category || "info");
      p.textContent = item.text;
      return p;
    });
    region.replaceChildren.apply(region, nodes);
  }

  // ---- messages from htmx responses (HX-Trigger: {"registry:message": {"messages": [...]}}) ----
  document.addEventListener("registry:message", function (event) {
    var detail = event.detail || {};
    showMessages(detail.messages || (detail.value ? [{ text: detail.value, category: detail.category }] : []));
  });

  // A boosted navigation that ends on an error page (403, 404, 500…) shows that page, as a
  // plain link would; a targeted swap keeps its content and says so in the message region.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.boosted && event.detail.xhr.status >= 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var region = messages();
    if (!region) { return; }
    // The server said what went wrong (a file too large, …) in a registry:message event: keep it.
    var said = event.detail.xhr && event.detail.xhr.getResponseHeader("HX-Trigger");
    if (said && said.indexOf("registry:message") !== -1) { return; }
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var key = status === 403 ? "forbidden" : status === 404 ? "missing" : "failed";
    showMessages([{ text: region.dataset[key] || region.dataset.failed, category: "error" }]);
  });

  document.addEventListener("htmx:sendError", function () {
    var region = messages();
    if (region) { showMessages([{ text: region.dataset.offline, category: "error" }]); }
  });

  // ---- busy state of the region being replaced ----
  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (target && target !== document.body) { target.setAttribute("aria-busy", "true"); }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var target = event.detail.target;
    if (target && target.removeAttribute) { target.removeAttribute("aria-busy"); }
  });

  // ---- focus after swaps ----
  function focusOn(element) {
    if (!element) { return; }
    if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus({ preventScroll: false });
  }

  // Whether the region about to be replaced holds the focus: only then is the swap the user's own
  // doing (they pressed something in it), and only then may the focus follow the new content.
  var swapTookFocus = false;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target, focused = document.activeElement;
    swapTookFocus = Boolean(target && focused && focused !== document.body && target.contains(focused));
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var swapped = event.target;  // the new content (for outerHTML swaps too)
    if (event.detail.boosted) {
      var main = document.getElementById("main");
      var firstInvalid = main && main.querySelector("[aria-invalid='true']");
      focusOn(firstInvalid || (main && main.querySelector("h1")) || main);
      return;
    }
    if (!swapTookFocus) { return; }
    var invalid = swapped.querySelector && swapped.querySelector("[aria-invalid='true']");
    var chosen = swapped.querySelector && swapped.querySelector("[data-autofocus]");
    if (invalid || chosen) { focusOn(invalid || chosen); return; }
    if (!document.activeElement || document.activeElement === document.body) { focusOn(swapped); }
  });

  // ---- confirmation before destructive actions ----
  function ask(question) {
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") {
      return Promise.resolve(window.confirm(question));
    }
    dialog.querySelector("[data-question]").textContent = question;
    dialog.returnValue = "";
    return new Promise(function (resolve) {
      dialog.addEventListener("close", function () { resolve(dialog.returnValue === "ok"); }, { once: true });
      dialog.showModal();
    });
  }

  // Forms: capture the submit before htmx (boosted) or the browser (plain) acts on it.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var question = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (!question) { return; }
    if (form.dataset.confirmed) { delete form.dataset.confirmed; return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    ask(question).then(function (ok) {
      if (!ok) { return; }
      form.dataset.confirmed = "1";
      form.requestSubmit(submitter || undefined);
    });
  }, true);

  // Other elements that issue htmx requests (hx-delete on a button, …).
  document.addEventListener("htmx:confirm", function (event) {
    var element = event.detail.elt;
    if (element.tagName === "FORM") { return; }  // confirmed on submit above
    var question = (element.closest("[data-confirm]") || {}).dataset;
    question = (question && question.confirm) || event.detail.question;
    if (!question) { return; }
    event.preventDefault();
    ask(question).then(function (ok) { if (ok) { event.detail.issueRequest(true); } });
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });

  document.addEventListener("registry:session-ended", function (event) {
    var url = event.detail && event.detail.url;
    if (url) { window.setTimeout(function () { window.location.assign(url); }, 0); }
  });

  // Paper shows everything: folded sections open before printing and close again after.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.setAttribute("open", "");
      details.dataset.printOpened = "1";
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-print-opened]").forEach(function (details) {
      details.removeAttribute("open");
      delete details.dataset.printOpened;
    });
  });

  // Keep the CSRF token fresh for htmx requests made after a boosted navigation.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector("meta[name='csrf-token']");
    if (meta) { event.detail.headers["X-CSRFToken"] = meta.content; }
  });
})();
