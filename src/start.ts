import { run } from "probot";
import app from "./index.js";
import { checkEnvironment } from "./server/check-environment.js";
import { readDotEnv } from "./server/read-dot-env.js";

// `npm start`: Probot's own server (like `probot run ./lib/index.js`), after our start-up checks.
// Without APP_ID and a private key, and outside production, Probot serves its setup page instead.

const problems = checkEnvironment({ ...process.env, ...readDotEnv(process.cwd()) });
if (problems.length > 0) {
  for (const problem of problems) {
    console.error(`postmortem-tracker: ${problem}`);
  }
  process.exit(1);
}

try {
  await run(app);
} catch (error) {
  // Probot throws plain errors for missing production credentials; one line is enough to act on.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`postmortem-tracker: cannot start: ${message}`);
  process.exit(1);
}
