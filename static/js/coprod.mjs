// Starts the GOV.UK Frontend components (error summary focus, character counts, radios...).
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";
import { initAutosave } from "./autosave.mjs";
import { initSessionTimeout } from "./session-timeout.mjs";

initAll();
// Coprod's own enhancements; each does nothing on pages without its markup.
initAutosave();
initSessionTimeout();
