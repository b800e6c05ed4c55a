// Drafts of long forms, kept in this browser, so that no text is lost when a session ends.
//
// A <form data-draft> (the model form, a review, a nomination's statement, an assessment, a
// comment) writes what is typed into localStorage, under the signed-in user (<main
// data-draft-user>) and the form's address, a moment after each change and when it is sent.
// When the page shows the form again with a draft that differs from it — after signing in again
// because the session had ended, or after a browser crash — the draft is put back, with a
// notice (template#draft-notice) and a button to discard it.
//
// A draft goes when its form was saved. A sent form is marked (sessionStorage, this tab); the
// next page tells what happened:
// - a message marked data-draft-kept (registry.core.errors: session ended, token expired) or a
//   sign-in page: not saved, the draft stays and comes back on the form's page;
// - the same form again showing errors or a conflict: not saved, the page holds the text;
// - anything else: saved, the draft is deleted.
// Files, passwords and the CSRF token are never kept; hidden fields are, so that a draft put back
// still carries the version it was typed on and a save over someone else's meets the conflict
// check. Drafts older than 30 days are dropped.
(function () {
  "use strict";

  var PREFIX = "registry:draft:", PENDING = "registry:draft-sent:", MAX_AGE = 30 * 24 * 3600 * 1000;
  var SKIPPED = { file: 1, password: 1, submit: 1, button: 1, reset: 1, image: 1 };
  var store = (function () {
    try { localStorage.setItem(PREFIX + "probe", "1"); localStorage.removeItem(PREFIX + "probe"); return localStorage; }
    catch (error) { return null; }  // private mode or storage refused: forms work as before
  })();
  if (!store) { return; }

  function user() {
    var main = document.getElementById("main");
    return main && main.dataset.draftUser;
  }

  function keyOf(form) {
    var action = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    return PREFIX + user() + ":" + action.pathname;
  }

  function kept(control) {
    return control.name && !SKIPPED[control.type] && control.name !== "csrf_token" && !control.disabled;
  }

  // name → value (text, select), or name → [checked values] (checkboxes, radios, multiple selects)
  function valuesOf(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (control) {
      if (!kept(control)) { return; }
      if (control.type === "checkbox" || control.type === "radio") {
        values[control.name] = values[control.name] || [];
        if (control.checked) { values[control.name].push(control.value); }
      } else if (control.type === "select-multiple") {
        values[control.name] = Array.prototype.filter.call(control.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        values[control.name] = control.value;
      }
    });
    return values;
  }

  function apply(form, values) {
    Array.prototype.forEach.call(form.elements, function (control) {
      if (!kept(control) || !(control.name in values)) { return; }
      var value = values[control.name];
      if (control.type === "checkbox" || control.type === "radio") {
        control.checked = value.indexOf(control.value) !== -1;
      } else if (control.type === "select-multiple") {
        Array.prototype.forEach.call(control.options, function (o) { o.selected = value.indexOf(o.value) !== -1; });
      } else {
        control.value = value;
      }
    });
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function read(key) {
    try { return JSON.parse(store.getItem(key)); } catch (error) { return null; }
  }

  function save(form) {
    var values = valuesOf(form), key = keyOf(form);
    if (same(values, form._draftInitial)) { store.removeItem(key); return; }
    try { store.setItem(key, JSON.stringify({ at: Date.now(), values: values })); } catch (error) { /* full */ }
  }

  function discard(form, notice) {
    store.removeItem(keyOf(form));
    apply(form, form._draftInitial);
    if (notice) { notice.remove(); }
  }

  function showNotice(form, at) {
    var template = document.getElementById("draft-notice");
    if (!template) { return; }
    var notice = template.content.firstElementChild.cloneNode(true);
    var moment = new Date(at), two = function (n) { return (n < 10 ? "0" : "") + n; };
    notice.querySelector("[data-draft-moment]").textContent = two(moment.getHours()) + ":" + two(moment.getMinutes()) +
      " " + two(moment.getDate()) + "/" + two(moment.getMonth() + 1) + "/" + moment.getFullYear();
    notice.querySelector("[data-draft-files]").hidden = !form.querySelector("input[type=file]");
    notice.querySelector("[data-draft-discard]").addEventListener("click", function () { discard(form, notice); });
    form.prepend(notice);
  }

  function refused(root) {
    return Boolean(root.querySelector && root.querySelector(".field--error, [role=alert], .conflict"));
  }

  // What the page says about a form sent from this tab (see the top of this file).
  function settle(form) {
    var pending = PENDING + keyOf(form);
    if (!sessionStorage.getItem(pending)) { return; }
    sessionStorage.removeItem(pending);
    if (!document.querySelector("[data-draft-kept]") && !refused(form)) { store.removeItem(keyOf(form)); }
  }

  function settleGone() {
    // Forms sent from this tab that the page no longer shows: saved, unless the page says they
    // were not (signed out, or refused and kept): then their drafts wait for their forms.
    var notSaved = !user() || document.querySelector("[data-draft-kept]");
    for (var index = sessionStorage.length - 1; index >= 0; index--) {
      var name = sessionStorage.key(index);
      if (name && notSaved && name.indexOf(PENDING) === 0) { sessionStorage.removeItem(name); continue; }
      if (name && name.indexOf(PENDING + PREFIX + user() + ":") === 0) {
        var key = name.slice(PENDING.length);
        var showing = Array.prototype.some.call(document.querySelectorAll("form[data-draft]"), function (form) {
          return keyOf(form) === key;
        });
        if (!showing) { sessionStorage.removeItem(name); store.removeItem(key); }
      }
    }
  }

  function setUp(form) {
    if (form._draftInitial) { return; }
    form._draftInitial = valuesOf(form);
    settle(form);
    var draft = read(keyOf(form));
    if (draft && draft.at && Date.now() - draft.at < MAX_AGE && !same(draft.values, form._draftInitial)) {
      apply(form, draft.values);
      showNotice(form, draft.at);
    }
    var timer;
    var later = function () { clearTimeout(timer); timer = setTimeout(function () { save(form); }, 400); };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", function () {
      clearTimeout(timer);
      save(form);
      sessionStorage.setItem(PENDING + keyOf(form), String(Date.now()));
    });
  }

  function clean() {
    for (var index = store.length - 1; index >= 0; index--) {
      var name = store.key(index);
      if (name && name.indexOf(PREFIX) === 0) {
        var draft = read(name);
        if (!draft || !draft.at || Date.now() - draft.at > MAX_AGE) { store.removeItem(name); }
      }
    }
  }

  function setUpAll(root) {
    settleGone();
    if (!user()) { return; }  // signed out: the drafts wait for their forms
    var within = root && root.querySelectorAll ? root : document;
    if (within.matches && within.matches("form[data-draft]")) { setUp(within); }
    within.querySelectorAll("form[data-draft]").forEach(setUp);
  }

  // A request that never reached the server decided nothing: the draft stays.
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form[data-draft]");
    if (form) { sessionStorage.removeItem(PENDING + keyOf(form)); }
  });

  clean();
  if (window.htmx) { window.htmx.onLoad(setUpAll); }
  else { document.addEventListener("DOMContentLoaded", function () { setUpAll(document); }); }
})();
