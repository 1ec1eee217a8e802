// briefgen devserver: reload after each successful rebuild, show the errors
// of a failed one. Added to pages by the devserver only, never by a build.
// A build that left this page as it was served (state.same, since the build
// the page was served at) does not reload it (and says so on <html>, for tests);
// a state that serves other pages early (state.only) is not this page's.
(() => {
  "use strict";
  const script = document.currentScript;
  let shown = Number(script && script.dataset.build);
  const OVERLAY = "briefgen-live-errors";

  function hideErrors() {
    const overlay = document.getElementById(OVERLAY);
    if (overlay) overlay.remove();
  }

  function showErrors(errors) {
    hideErrors();
    const overlay = document.createElement("div");
    overlay.id = OVERLAY;
    overlay.setAttribute("role", "alert");
    overlay.style.cssText =
      "position:fixed;inset:0 0 auto 0;z-index:2147483647;max-height:70vh;overflow:auto;" +
      "margin:0;padding:1em 1.5em;background:#2b0b0b;color:#fff;font:14px/1.5 monospace;" +
      "border-bottom:4px solid #e5484d;box-shadow:0 4px 16px rgba(0,0,0,.5)";
    const heading = document.createElement("p");
    heading.style.cssText = "margin:0 0 .5em;font-weight:bold";
    heading.textContent =
      "The rebuild failed; the page shows the last good build. Fix the file and save:";
    const lines = document.createElement("pre");
    lines.style.cssText = "margin:0;white-space:pre-wrap;word-break:break-word";
    // Text, never markup: the lines quote what the editor wrote.
    lines.textContent = errors.join("\n");
    overlay.append(heading, lines);
    document.body.append(overlay);
  }

  const events = new EventSource("/__briefgen/events");
  events.onmessage = (message) => {
    const state = JSON.parse(message.data);
    // Another page was served early: this one changes when the build lands.
    if (state.only && !state.only.includes(location.pathname)) return;
    if (!state.ok) {
      shown = state.build;
      showErrors(state.errors);
    } else if (state.build !== shown) {
      if (state.since === shown && (state.same || []).includes(location.pathname)) {
        shown = state.build;
        document.documentElement.dataset.briefgenKept = String(shown);
        hideErrors();
        return;
      }
      events.close();
      location.reload();
    } else {
      hideErrors();
    }
  };
})();
