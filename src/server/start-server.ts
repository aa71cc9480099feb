import { run, type Logger } from "probot";
import { makeAppOctokit, readWriteInterval } from "../github/app-octokit.js";
import app from "../index.js";
import { checkEnvironment } from "./check-environment.js";
import { readSchedulerSetting, withDigestScheduler } from "./digest-scheduler.js";
import { readReconcileSetting, withReconcileScheduler } from "./reconcile-scheduler.js";

/** The environment is not fit to serve: one sentence per problem, none of them with a value. */
export class StartupRefused extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join(" "));
    this.name = "StartupRefused";
    this.problems = problems;
  }
}

/** Probot's `Server` (its class is not exported from the package root). */
export type RunningServer = Awaited<ReturnType<typeof run>>;

export interface StartServerOptions {
  /** Read instead of `process.env` (`npm start` passes `process.env` plus `.env`). */
  env: Record<string, string | undefined>;
  /** Probot builds its own from `LOG_LEVEL`/`LOG_FORMAT` when none is given. */
  log?: Logger;
}

/**
 * The app's server as `npm start`, the demo and the end-to-end tests all run it: our start-up
 * checks, then Probot's own `run` with the app's Octokit. Throws {@link StartupRefused} when the
 * environment is unfit, and Probot's plain errors for missing production credentials.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { env } = options;
  const problems = checkEnvironment(env);
  if (problems.length > 0) throw new StartupRefused(problems);
  // RECONCILE_SCHEDULER (on by default): catch up on merges missed while down, then daily.
  const reconciling = readReconcileSetting(env) ? withReconcileScheduler(app) : app;
  // DIGEST_SCHEDULER=on: post the weekly digests from this process (single-instance deployments).
  const appFn = readSchedulerSetting(env) ? withDigestScheduler(reconciling) : reconciling;
  // Writes one second apart, as GitHub asks, instead of Probot's 3 s for issue and comment creates.
  const Octokit = makeAppOctokit({ writeIntervalMs: readWriteInterval(env) });
  return run(appFn, {
    env,
    ...(options.log === undefined ? {} : { log: options.log }),
    Octokit,
  });
}
