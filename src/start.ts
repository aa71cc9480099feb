import { readDotEnv } from "./server/read-dot-env.js";
import { startServer, StartupRefused, type RunningServer } from "./server/start-server.js";

// `npm start`: Probot's own server (like `probot run ./lib/index.js`), after our start-up checks.
// Without APP_ID and a private key, and outside production, Probot serves its setup page instead.

const env = { ...process.env, ...readDotEnv(process.cwd()) };
let server: RunningServer;
try {
  server = await startServer({ env });
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

// SIGTERM (Kubernetes, Docker, systemd): finish what is in flight within SHUTDOWN_GRACE_S, then
// exit 0. A second SIGTERM means "now": whatever was cut off, the next reconcile files.
let terminating = false;
process.on("SIGTERM", () => {
  if (terminating) {
    console.error("postmortem-tracker: second SIGTERM, exiting now");
    process.exit(143);
  }
  terminating = true;
  server.shutdown().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`postmortem-tracker: shutdown failed: ${String(error)}`);
      process.exit(1);
    },
  );
});
