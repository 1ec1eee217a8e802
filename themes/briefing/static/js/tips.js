// Progressive enhancement for annotation tooltips: Escape closes the open
// tooltip (WCAG 1.4.13, dismissible). Everything else works without script.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.querySelectorAll(".ann:hover, .ann:focus-within");
    for (var i = 0; i < open.length; i++) { open[i].classList.add("is-dismissed"); }
  });
  function reset(event) {
    var ann = event.target.closest && event.target.closest(".ann");
    if (ann) { ann.classList.remove("is-dismissed"); }
  }
  document.addEventListener("focusin", reset);
  document.addEventListener("pointerover", reset);
})();
