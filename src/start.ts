import { readDotEnv } from "./server/read-dot-env.js";
import { startServer, StartupRefused } from "./server/start-server.js";

// `npm start`: Probot's own server (like `probot run ./lib/index.js`), after our start-up checks.
// Without APP_ID and a private key, and outside production, Probot serves its setup page instead.

const env = { ...process.env, ...readDotEnv(process.cwd()) };
try {
  await startServer({ env });
} catch (error) {
  if (error instanceof StartupRefused) {
    for (const problem of error.problems) console.error(`postmortem-tracker: ${problem}`);
  } else {
    // Probot throws plain errors for missing production credentials; one line is enough to act on.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`postmortem-tracker: cannot start: ${message}`);
  }
  process.exit(1);
}
