// On the "Your report is being prepared" page: asks for the report again when the server said
// to (Retry-After), and starts the download once it is ready. The link on the page does the same
// by hand, so nothing depends on this script.
const TRIES = 40;

function say(text) {
  const status = document.querySelector("[data-report-status]");
  if (status) status.textContent = text;
}

function askAgain(link, seconds, tries) {
  window.setTimeout(async () => {
    let response;
    try {
      // HEAD lays the report out and keeps it without sending it twice; the download then
      // gets the kept copy.
      response = await fetch(link.href, {
        method: "HEAD",
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch {
      return; // offline or interrupted: the link still works
    }
    if (response.status === 200) {
      say("Your report is ready. The download is starting.");
      window.location.assign(link.href);
    } else if (response.status === 202 && tries > 1) {
      askAgain(link, Number(response.headers.get("Retry-After")) || seconds, tries - 1);
    } else {
      say("The report is not ready yet. Please try again in a minute using the link below.");
    }
  }, seconds * 1000);
}

const link = document.querySelector("[data-report-download]");
if (link) askAgain(link, Number(link.dataset.retryAfter) || 3, TRIES);
