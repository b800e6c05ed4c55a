// The one ward picker (templates/_ward_picker.html): an editable combobox with a list popup, as
// the WAI-ARIA Authoring Practices describe it. htmx fetches the suggestions for what is typed
// into the listbox (province.replication.ward_options); this script opens the list, moves
// through it with the arrow keys, picks with Enter, a click or a tap, closes with Escape, and
// writes the choice: the ward's name in the box, its id (or code) in the hidden input, and, when
// it was found by a pre-2025 name, a note saying what it became. Typing again forgets the
// choice: the server then reads the text, and says so if it cannot tell which ward is meant.
(function () {
  "use strict";

  function partsOf(element) {
    var picker = element && element.closest && element.closest("[data-ward-picker]");
    if (!picker) { return null; }
    return {
      picker: picker,
      box: picker.querySelector("[role=combobox]"),
      list: picker.querySelector("[role=listbox]"),
      value: picker.querySelector("[data-ward-value]"),
      note: picker.querySelector(".ward-picker__note"),
    };
  }

  function options(p) { return Array.prototype.slice.call(p.list.querySelectorAll("[role=option]")); }
  function active(p) { return p.list.querySelector("[aria-selected=true]"); }

  function close(p) {
    p.list.hidden = true;
    p.box.setAttribute("aria-expanded", "false");
    p.box.removeAttribute("aria-activedescendant");
    options(p).forEach(function (option) { option.setAttribute("aria-selected", "false"); });
  }

  function open(p) {
    if (!options(p).length) { close(p); return; }
    p.list.hidden = false;
    p.box.setAttribute("aria-expanded", "true");
  }

  function activate(p, option) {
    options(p).forEach(function (each) { each.setAttribute("aria-selected", each === option ? "true" : "false"); });
    if (option) {
      p.box.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }
  }

  function setValue(p, value) {
    if (p.value.value === value) { return; }
    p.value.value = value;
    p.value.dispatchEvent(new Event("change", { bubbles: true }));  // filters react to a choice
  }

  function choose(p, option) {
    p.box.value = option.dataset.name;
    p.note.textContent = option.dataset.note || "";
    close(p);
    setValue(p, option.dataset.value);
  }

  function move(p, step) {
    var all = options(p);
    if (!all.length) { return; }
    if (p.list.hidden) { open(p); }
    var index = all.indexOf(active(p)) + step;
    activate(p, all[(index + all.length) % all.length] || all[0]);
  }

  document.addEventListener("keydown", function (event) {
    var p = event.target.matches && event.target.matches("[data-ward-picker] [role=combobox]") && partsOf(event.target);
    if (!p) { return; }
    if (event.key === "ArrowDown") { event.preventDefault(); move(p, 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); move(p, -1); }
    else if (event.key === "Enter" && !p.list.hidden && active(p)) { event.preventDefault(); choose(p, active(p)); }
    else if (event.key === "Escape" && !p.list.hidden) { event.preventDefault(); close(p); }
    else if (event.key === "Tab") { close(p); }
  });

  // Typing makes the earlier choice void: the box no longer shows it.
  document.addEventListener("input", function (event) {
    var p = event.target.matches && event.target.matches("[data-ward-picker] [role=combobox]") && partsOf(event.target);
    if (!p) { return; }
    p.note.textContent = "";
    if (!p.box.value.trim()) { close(p); p.list.replaceChildren(); setValue(p, ""); return; }
    p.value.value = "";
  });

  // A tap or a click on an option picks it; the box keeps the focus meanwhile.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("[data-ward-picker] [role=option]")) { event.preventDefault(); }
  });
  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest("[data-ward-picker] [role=option]");
    var p = option && partsOf(option);
    if (p) { choose(p, option); p.box.focus(); }
  });

  document.addEventListener("focusout", function (event) {
    var p = event.target.matches && event.target.matches("[data-ward-picker] [role=combobox]") && partsOf(event.target);
    if (p && !p.picker.contains(event.relatedTarget)) { close(p); }
  });

  // New suggestions arrived: show them (the first one is not chosen for the user).
  document.addEventListener("htmx:afterSwap", function (event) {
    var list = event.detail.target;
    var p = list && list.matches && list.matches("[data-ward-picker] [role=listbox]") && partsOf(list);
    if (!p) { return; }
    if (document.activeElement === p.box) { open(p); } else { close(p); }
  });
})();
