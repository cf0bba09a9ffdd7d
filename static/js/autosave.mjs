// Autosave for forms marked `data-autosave` (the answering sections).
//
// Progressive enhancement only: the form still works as a normal POST. When a field changes,
// the whole form is sent in the background with the header `X-Autosave: 1`, and the server
// answers with JSON instead of a page (see assessment/views/answering.py, `section`).
//
// The hidden `version` input is what stops two windows overwriting each other: every save
// must carry the version it started from, so it is updated after each background save, and
// the normal submit waits for a background save in flight before it goes.

const TYPING_DELAY = 1500; // ms of quiet after typing before saving
const FIRST_RETRY = 2000; // then 4 s, 8 s... up to MAX_RETRY
const MAX_RETRY = 30000;
const REQUEST_TIMEOUT = 20000; // a hung request counts as a network error

const MESSAGES = {
  retrying: "Not saved yet — retrying",
  invalid: "Some answers need checking before they can be saved",
  conflict:
    "Someone saved this section in another window. " +
    "Press “Save and continue” to compare both versions.",
  readOnly: "These answers can no longer be changed, so this was not saved.",
  signedOut:
    "Not saved: your session has ended. Press “Save and continue”: you will be asked to " +
    "sign in (or open your personal link) and your answers will be put back.",
};

function savedAt() {
  const time = new Date().toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  return `Saved at ${time}`;
}

function initForm(form) {
  const versionInput = form.querySelector('input[name="version"]');
  const csrfInput = form.querySelector('input[name="csrfmiddlewaretoken"]');
  const status = form.querySelector("[data-autosave-status]");
  if (!versionInput || !csrfInput) return;

  // The status line is rendered above the buttons; show it under them, where people look
  // after pressing one. It is moved before it ever has text, so screen readers still treat
  // it as the same polite live region.
  const buttons = form.querySelectorAll('button:not([type="button"]), input[type="submit"]');
  if (status && buttons.length) buttons[buttons.length - 1].after(status);

  let changes = 0; // counts edits; compared with `savedChanges` to know if anything is unsaved
  let savedChanges = 0;
  let timer = null; // the pending debounce or retry
  let retryDelay = 0; // non-zero while retrying after a failure
  let inFlight = null; // the promise of the save being sent, if any
  let queued = false; // a change arrived while a save was in flight
  let stopped = false; // a conflict or similar: autosaving cannot help any more
  let submitting = false; // the normal submit has started: no more background saves
  let holding = false; // that submit is waiting for a background save to finish

  function say(text) {
    // Only results are written here (never per keystroke), and an unchanged text is not
    // re-announced by screen readers.
    if (status && status.textContent !== text) status.textContent = text;
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  function onChange(delay) {
    if (stopped || submitting) return;
    changes += 1;
    // While retrying, the retry already sends the latest answers: keep its back-off.
    if (retryDelay && timer) return;
    schedule(delay);
  }

  function stop(text) {
    stopped = true;
    clearTimeout(timer);
    say(text);
  }

  function retry() {
    retryDelay = retryDelay ? Math.min(retryDelay * 2, MAX_RETRY) : FIRST_RETRY;
    say(MESSAGES.retrying);
    schedule(retryDelay);
  }

  function save() {
    timer = null;
    if (stopped || submitting || changes === savedChanges) return;
    if (inFlight) {
      queued = true;
      return;
    }
    const sending = changes;
    queued = false; // this save carries every change made so far
    inFlight = send()
      .then((response) => handle(response, sending))
      .catch(retry) // network error, time-out, or a reply that was not the JSON expected
      .finally(() => {
        inFlight = null;
        if (queued && !stopped && !submitting && !timer) {
          queued = false;
          save();
        }
      });
  }

  function send() {
    const options = {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Autosave": "1", "X-CSRFToken": csrfInput.value },
      credentials: "same-origin",
      // A signed-out colleague is redirected to the sign-in page: notice it, don't follow it.
      redirect: "manual",
    };
    if (AbortSignal.timeout) options.signal = AbortSignal.timeout(REQUEST_TIMEOUT);
    return fetch(form.action || location.href, options);
  }

  async function handle(response, sending) {
    if (response.status >= 500) return retry();
    if (response.type === "opaqueredirect" || response.status === 403) {
      return stop(MESSAGES.signedOut);
    }
    const data = await response.json();
    if (response.ok && data.status === "saved") {
      versionInput.value = data.version;
      savedChanges = sending;
      retryDelay = 0;
      say(savedAt());
      // The server session was used: the answer says how long it has left (session-timeout.mjs).
      document.dispatchEvent(
        new CustomEvent("coprod:session-refreshed", { detail: { expiresIn: data.expires_in } }),
      );
    } else if (response.status === 400) {
      retryDelay = 0; // wait for the next change
      say(MESSAGES.invalid);
    } else if (response.status === 409) {
      stop(data.status === "read-only" ? MESSAGES.readOnly : MESSAGES.conflict);
    } else {
      retry();
    }
  }

  form.addEventListener("change", (event) => {
    // Radios and checkboxes save at once; text is saved by the typing delay below.
    if (event.target.matches('input[type="radio"], input[type="checkbox"], select')) {
      onChange(0);
    }
  });
  form.addEventListener("input", (event) => {
    if (event.target.matches("textarea, input:not([type='radio']):not([type='checkbox'])")) {
      onChange(TYPING_DELAY);
    }
  });

  form.addEventListener("submit", (event) => {
    if (event.defaultPrevented) return;
    clearTimeout(timer);
    timer = null;
    if (holding) {
      event.preventDefault(); // pressed again while waiting: the held submit will go
      return;
    }
    submitting = true;
    if (!inFlight) return; // nothing to wait for: the version input is already current
    // A background save is on its way and will change the version: wait for it, so the
    // normal save carries the new version and is not mistaken for a conflict. The submit
    // is then repeated with the same button, so "later" or "continue" is still sent.
    event.preventDefault();
    holding = true;
    const submitter = event.submitter;
    inFlight.finally(() => {
      holding = false;
      if (submitter) form.requestSubmit(submitter);
      else form.requestSubmit();
    });
  });

  // Coming back with the browser's Back button can restore this page as it was left.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) submitting = holding = false;
  });
}

export function initAutosave(root = document) {
  root.querySelectorAll("form[data-autosave]").forEach(initForm);
}
