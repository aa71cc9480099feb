import { run } from "probot";
import { makeAppOctokit, readWriteInterval } from "./github/app-octokit.js";
import app from "./index.js";
import { checkEnvironment } from "./server/check-environment.js";
import { readDotEnv } from "./server/read-dot-env.js";

// `npm start`: Probot's own server (like `probot run ./lib/index.js`), after our start-up checks.
// Without APP_ID and a private key, and outside production, Probot serves its setup page instead.

const env = { ...process.env, ...readDotEnv(process.cwd()) };
const problems = checkEnvironment(env);
if (problems.length > 0) {
  for (const problem of problems) {
    console.error(`postmortem-tracker: ${problem}`);
  }
  process.exit(1);
}

try {
  // Writes one second apart, as GitHub asks, instead of Probot's 3 s for issue and comment creates.
  await run(app, { Octokit: makeAppOctokit({ writeIntervalMs: readWriteInterval(env) }) });
} catch (error) {
  // Probot throws plain errors for missing production credentials; one line is enough to act on.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`postmortem-tracker: cannot start: ${message}`);
  process.exit(1);
}
