// Annotation tooltips, progressively enhanced (WCAG 1.4.13: dismissible,
// hoverable, persistent). Without this script the CSS shows tips on hover
// and focus, and every trigger is a plain link to its entry.
//
// With it: one tip at a time (the innermost annotation under the pointer or
// holding focus); a short delay before closing so the pointer can cross the
// gap onto the tip; Escape closes; the first tap on a touch screen opens the
// tip and the second follows the link; a tip that would run off the screen
// is shifted sideways. One that would run off the bottom is brought into
// view by scrolling when a tap or the keyboard opened it (above its trigger
// it would cover the passage it explains, which ends at the trigger); under
// a mouse, or when the page cannot scroll that far, it is flipped above.
(function () {
  "use strict";
  var EDGE = 8;          // px kept free between a tip and the screen's edge
  var CLOSE_DELAY = 300; // ms the pointer has to reach an open tip
  var open = null;       // the .ann element whose tip is shown
  var dismissed = null;  // closed by Escape while the pointer is still on it
  var closeTimer = 0;
  var pointerType = "";  // kind of the last pointer pressed
  var tapOpened = false; // the tapped annotation's tip was already open

  document.documentElement.classList.add("js-tips");

  function tipOf(ann) {
    return ann.querySelector(":scope > .ann__tip, :scope > .ann__ui > .ann__tip");
  }
  function triggerOf(ann) {
    return ann.querySelector(":scope > .ann__trigger, :scope > .ann__ui > .ann__trigger");
  }
  function annOf(node) {
    return node && node.closest ? node.closest(".ann") : null;
  }

  function place(ann, scroll) {
    var tip = tipOf(ann), trigger = triggerOf(ann);
    if (!tip || !trigger) { return; }
    tip.classList.remove("is-above");
    tip.style.setProperty("--tip-dx", "0px");
    tip.style.setProperty("--tip-dy", "0px");
    var box = tip.getBoundingClientRect();
    var below = box.bottom - (window.innerHeight - EDGE);
    if (scroll && below > 0) {
      // As far as needed, never so far that the trigger leaves the screen.
      window.scrollBy(0, Math.min(below, trigger.getBoundingClientRect().top - EDGE));
      box = tip.getBoundingClientRect();
    }
    var width = document.documentElement.clientWidth;
    var dx = 0, dy = 0;
    if (box.right > width - EDGE) { dx = width - EDGE - box.right; }
    if (box.left + dx < EDGE) { dx = EDGE - box.left; }
    if (box.bottom > window.innerHeight - EDGE) {
      var top = trigger.getBoundingClientRect().top - EDGE - box.height;
      if (top >= EDGE) {
        dy = top - box.top;
        tip.classList.add("is-above");
      }
    }
    tip.style.setProperty("--tip-dx", Math.round(dx) + "px");
    tip.style.setProperty("--tip-dy", Math.round(dy) + "px");
  }

  function show(ann, scroll) {
    clearTimeout(closeTimer);
    if (open === ann) { return; }
    hide();
    open = ann;
    ann.classList.add("is-open");
    place(ann, scroll);
  }
  function hide() {
    clearTimeout(closeTimer);
    if (!open) { return; }
    open.classList.remove("is-open");
    open = null;
  }
  function hideSoon() {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(hide, CLOSE_DELAY);
  }

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType === "touch") { return; }
    var ann = annOf(event.target);
    if (dismissed && !(ann && dismissed.contains(ann))) { dismissed = null; }
    if (!ann) {
      if (open && !(document.activeElement && open.contains(document.activeElement))) { hideSoon(); }
      return;
    }
    if (ann !== dismissed) { show(ann); }
  });
  document.documentElement.addEventListener("pointerleave", function (event) {
    if (event.pointerType !== "touch" && open) { hideSoon(); }
  });

  document.addEventListener("focusin", function (event) {
    var ann = annOf(event.target);
    if (ann && pointerType !== "touch") { dismissed = null; show(ann, pointerType === ""); }
  });
  document.addEventListener("focusout", function (event) {
    if (open && !(event.relatedTarget && open.contains(event.relatedTarget))) {
      if (!open.matches(":hover")) { hide(); }
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) {
      dismissed = open;
      hide();
    }
    if (event.key === "Tab") { pointerType = ""; }
  });

  document.addEventListener("pointerdown", function (event) {
    pointerType = event.pointerType;
    var ann = annOf(event.target);
    tapOpened = ann !== null && ann === open;
    if (event.pointerType === "touch" && open && !open.contains(event.target)) { hide(); }
  });
  document.addEventListener("click", function (event) {
    if (pointerType !== "touch") { return; }
    var trigger = event.target.closest && event.target.closest(".ann__trigger");
    if (!trigger) { return; }
    var ann = annOf(trigger);
    if (!tapOpened) {
      // First tap: show the explanation; a second tap follows the link.
      event.preventDefault();
      show(ann, true);
    }
  });

  window.addEventListener("resize", function () { if (open) { place(open); } });
})();
