// Warns people before their session ends and lets them extend it (WCAG 2.2.1 Timing Adjustable).
//
// base.html renders `data-session-timeout` (seconds) and `data-keep-alive-url` on <body>, and the
// <dialog id="session-timeout"> markup, only for signed-in people and personal-link visitors.
// The server restarts the session's clock when the person does something (at most once every
// few minutes, see assessment/sessions.py) and always says how many seconds are really left: on
// page load, in the answer to "Stay signed in", and in each autosave's answer (the
// "coprod:session-refreshed" event), and the clock here restarts from that.

const WARN_BEFORE = 120; // seconds; or half the session, if that is shorter

function minutesText(minutes) {
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

export function initSessionTimeout() {
  const sessionLength = Number(document.body.dataset.sessionTimeout);
  const keepAliveUrl = document.body.dataset.keepAliveUrl;
  const dialog = document.getElementById("session-timeout");
  if (!sessionLength || !keepAliveUrl || !dialog || !dialog.showModal) return;

  const heading = dialog.querySelector("[data-session-timeout-heading]");
  const text = dialog.querySelector("[data-session-timeout-text]");
  const note = dialog.querySelector("[data-session-timeout-note]");
  const button = dialog.querySelector("[data-session-timeout-button]");
  const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content || "";

  let expiresAt = 0; // ms timestamps
  let warnAt = 0;
  let timer = null;
  let ended = false;
  let busy = false;
  let returnFocus = null;

  function open() {
    if (dialog.open) return;
    returnFocus = document.activeElement;
    dialog.showModal(); // moves focus to the button; the rest of the page becomes inert
  }

  function close() {
    if (dialog.open) dialog.close(); // the "close" listener below puts focus back
  }

  function restart(seconds) {
    clearTimeout(timer);
    ended = false;
    expiresAt = Date.now() + seconds * 1000;
    warnAt = expiresAt - Math.min(WARN_BEFORE, seconds / 2) * 1000;
    heading.textContent = "You will be signed out soon";
    button.textContent = "Stay signed in";
    note.hidden = false;
    close();
    tick();
  }

  // Times are worked out from the clock each time, since timers run late in background tabs
  // and stop while a computer sleeps.
  function tick() {
    clearTimeout(timer);
    if (ended) return;
    const now = Date.now();
    if (now >= expiresAt) return end();
    if (now < warnAt) {
      timer = setTimeout(tick, warnAt - now);
      return;
    }
    const left = expiresAt - now;
    const minutes = Math.ceil(left / 60000);
    // The text is a polite live region: changing it once a minute (not every second) keeps
    // screen readers informed without talking over the person.
    text.textContent = `We will sign you out in ${minutesText(minutes)}.`;
    open();
    timer = setTimeout(tick, left - (minutes - 1) * 60000);
  }

  function end() {
    clearTimeout(timer);
    ended = true;
    heading.textContent = "You have been signed out";
    text.textContent =
      "Your session has ended. Anything you had typed on this page is kept: when you save, " +
      "you will be asked to sign in (or open your personal link) and your answers will be " +
      "put back.";
    note.hidden = true;
    button.textContent = "Close";
    open();
  }

  async function stayAlive() {
    // Too late: the server would only start a new, empty session.
    if (Date.now() >= expiresAt) return end();
    if (busy) return;
    busy = true;
    try {
      const response = await fetch(keepAliveUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrfToken },
        credentials: "same-origin",
        redirect: "manual",
      });
      if (!response.ok) throw new Error(`keep-alive answered ${response.status}`);
      const data = await response.json();
      restart(Number(data.expires_in) || sessionLength);
    } catch {
      if (ended) return;
      text.textContent =
        "We could not keep you signed in. Check your internet connection and try again.";
      open();
    } finally {
      busy = false;
    }
  }

  button.addEventListener("click", () => {
    if (ended) close();
    else stayAlive();
  });
  // Escape closes the dialog (the browser does that); it counts as "stay signed in".
  dialog.addEventListener("cancel", () => {
    if (!ended) stayAlive();
  });
  dialog.addEventListener("close", () => {
    if (returnFocus && returnFocus.isConnected && returnFocus !== document.body) {
      returnFocus.focus();
    }
    returnFocus = null;
  });

  // A successful autosave proves the session is alive (even if it had ended and the person
  // signed in again in another tab), and its answer says how long the session has left.
  document.addEventListener("coprod:session-refreshed", (event) =>
    restart(Number(event.detail?.expiresIn) || sessionLength),
  );
  // After a computer wakes up or a tab comes back to the front, check the clock at once.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") tick();
  });

  restart(sessionLength);
}
