// Starts the GOV.UK Frontend components (error summary focus, character counts, radios...).
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
