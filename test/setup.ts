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
