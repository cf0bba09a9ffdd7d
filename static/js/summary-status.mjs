// On the round summary page while a summary is being made: asks the server where it is up to
// every few seconds, shows the progress, and reloads the page when the summary is ready or has
// failed (the page then offers the download or a new try). Without it, "Check again" does the
// same by hand.
const EVERY = 3000; // milliseconds
const TRIES = 400; // about 20 minutes, then the button is left to the person

const box = document.querySelector("[data-summary-status]");

function say(text) {
  const status = box.querySelector("[data-summary-progress-text]");
  if (status) status.textContent = text;
}

async function check(tries) {
  let state;
  try {
    const response = await fetch(box.dataset.statusUrl, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) return;
    state = await response.json();
  } catch {
    return; // offline or signed out: "Check again" still works
  }
  if (state.status !== "queued" && state.status !== "running") {
    window.location.reload();
    return;
  }
  const progress = box.querySelector("progress");
  if (progress && state.total) {
    progress.max = state.total;
    progress.value = state.done;
  }
  say(`${state.done} of ${state.total} organisations done.`);
  if (tries > 1) window.setTimeout(() => check(tries - 1), EVERY);
}

if (box) window.setTimeout(() => check(TRIES), EVERY);
