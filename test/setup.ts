import fc from "fast-check";
import nock from "nock";
import { afterEach } from "vitest";
import { isLoopbackHost, nockGuard } from "./helpers/nock-guard.js";

// No test may reach the internet: every GitHub call must be mocked. Loopback stays open for
// end-to-end tests that start real servers on 127.0.0.1.
nock.disableNetConnect();
nock.enableNetConnect(isLoopbackHost);

afterEach(() => {
  try {
    nockGuard.assertClean();
  } finally {
    nockGuard.reset();
  }
});

// Property tests explore new random inputs on every local run, but CI replays one fixed seed so
// that a green main stays green; FC_SEED replays any counterexample a local run printed.
const seed = process.env.FC_SEED ?? (process.env.CI ? "20261126" : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
