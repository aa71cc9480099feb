import nock from "nock";
import {
  checkAnswer,
  describeBadAnswer,
  recordNockAnswers,
  type BadAnswer,
  type NockAnswer,
} from "./openapi-nock.js";

/**
 * Catches HTTP mocks that prove nothing: a request no interceptor matched (it failed, so the code
 * under test may have swallowed the error), an interceptor nobody called (the request the test
 * is about never happened), and an answer to a GitHub REST request that GitHub's OpenAPI
 * description does not allow (the code under test was shown a GitHub that does not exist).
 * test/setup.ts runs `assertClean` after every test.
 */
export interface NockGuard {
  /**
   * Throws an error listing every unmatched request, unused interceptor and answer that broke
   * GitHub's description since the last reset.
   */
  assertClean(): void;
  /** Forgets the unmatched requests and bad answers, and removes every interceptor. */
  reset(): void;
}

/**
 * Loopback is where end-to-end tests run real servers: setup.ts lets those requests through nock
 * unmocked, so they are not "unmatched". Accepts `host` or `host:port`.
 */
export function isLoopbackHost(host: string): boolean {
  return /^(?:localhost|127\.0\.0\.1|\[::1\]|::1)(?::\d+)?$/.test(host);
}

interface RequestOptionsLike {
  method?: unknown;
  proto?: unknown;
  hostname?: unknown;
  host?: unknown;
  path?: unknown;
}

/** nock emits "no match" with (options), (request) or (request, options, body), by code path. */
function describeNoMatch(args: unknown[]): { host: string; text: string } {
  const options = args.find(
    (arg): arg is RequestOptionsLike =>
      typeof arg === "object" && arg !== null && "hostname" in arg && "path" in arg,
  );
  if (options === undefined) {
    return { host: "", text: "a request nock could not describe" };
  }
  const hostname = String(options.hostname);
  const origin = `${String(options.proto)}://${String(options.host)}`;
  const body =
    typeof args[2] === "string" && args[2] !== "" ? ` body: ${args[2].slice(0, 200)}` : "";
  return {
    host: hostname,
    text: `${String(options.method)} ${origin}${String(options.path)}${body}`,
  };
}

export function createNockGuard(): NockGuard {
  const unmatched: string[] = [];
  const answers: NockAnswer[] = [];
  recordNockAnswers((answer) => answers.push(answer));
  nock.emitter.on("no match", (...args: unknown[]) => {
    const { host, text } = describeNoMatch(args);
    if (!isLoopbackHost(host)) {
      unmatched.push(text);
    }
  });

  return {
    assertClean() {
      const pending = nock.pendingMocks();
      const badAnswers = answers
        .map((a) => checkAnswer(a.origin, a.request, a.status, a.body))
        .filter((bad): bad is BadAnswer => bad !== null);
      if (unmatched.length === 0 && pending.length === 0 && badAnswers.length === 0) {
        return;
      }
      const lines: string[] = [];
      if (badAnswers.length > 0) {
        lines.push(
          "nock answers GitHub would never give (checked against test/local-github/openapi):",
          ...badAnswers.map((a) => `  ${describeBadAnswer(a)}`),
        );
      }
      if (unmatched.length > 0) {
        lines.push("Requests that no nock interceptor matched:", ...unmatched.map((r) => `  ${r}`));
      }
      if (pending.length > 0) {
        lines.push("nock interceptors that were never used:", ...pending.map((m) => `  ${m}`));
      }
      throw new Error(lines.join("\n"));
    },
    reset() {
      unmatched.length = 0;
      answers.length = 0;
      nock.cleanAll();
    },
  };
}

/** The guard test/setup.ts checks after each test; tests that provoke it on purpose reset it. */
export const nockGuard = createNockGuard();
