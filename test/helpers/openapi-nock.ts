import { createRequire } from "node:module";
import { OpenApiValidator } from "../local-github/openapi-validator.js";

/*
 * Checks every answer a nock interceptor gives to a GitHub REST request against the responses
 * GitHub's OpenAPI description documents for that operation: the same subset and validator the
 * local GitHub (test/local-github) answers by. A hand-written answer GitHub would never give
 * (an issue without `number`, a label without `id`, a status the operation does not have) is
 * then a test failure instead of a test that passes against a GitHub that does not exist.
 */

/** An answer that broke the description, or that no operation of the subset describes. */
export interface BadAnswer {
  /** e.g. `GET https://api.github.com/repos/acme/infra/issues?state=all` */
  request: string;
  /** The operation key, e.g. `GET /repos/{owner}/{repo}/issues`; null when none matched. */
  operation: string | null;
  status: number;
  problems: string[];
}

/**
 * GitHub REST requests that the nock doubles answer but the check leaves alone, each with why.
 * Keyed by `METHOD /template`, as the subset's operations are.
 */
export const UNCHECKED_OPERATIONS: Readonly<Record<string, string>> = {
  "GET /app/installations":
    "@octokit/openapi 23.0.2 describes each installation's `account` as allOf [simple-user, " +
    "enterprise], which no account GitHub sends is (an organisation has no `slug`); the " +
    "`installation` schema the other operations use says anyOf. installationJson() builds the " +
    "answer from that schema instead (test/openapi-nock.test.ts checks it).",
};

/**
 * github.com's REST API. A GitHub Enterprise Server host (app-octokit's test that a token is
 * refreshed there) is left alone; `/api/v3`, its prefix, is stripped should a test put it here.
 */
const GITHUB_API = /^https:\/\/api\.github\.com(?::443)?$/;
const ENTERPRISE_PREFIX = "/api/v3";

interface RequestLike {
  method?: string;
  path?: string;
  getHeader?(name: string): unknown;
}

interface InterceptorLike {
  basePath: string;
  rawHeaders: unknown[];
}

type ReplyMethod = (this: InterceptorLike, ...args: unknown[]) => unknown;

let validator: OpenApiValidator | undefined;
let installed: ((answer: NockAnswer) => void) | undefined;

/** One answer a nock interceptor gave to a GitHub REST request, kept to be checked later. */
export interface NockAnswer {
  origin: string;
  request: RequestLike;
  status: number;
  body: unknown;
}

/**
 * Tells `onAnswer` of every answer a nock interceptor defined from now on gives to a GitHub REST
 * request; `checkAnswer` says what is wrong with one. Installs once per process (a second call
 * only replaces the listener). The guard checks the answers after the test rather than here:
 * compiling the description's schemas takes seconds, which belong to no test's time limit.
 *
 * nock has no public hook that sees the answer's body, so this wraps `Interceptor#reply` and adds
 * a header whose value is a function: nock calls such a function with the request, the response
 * (status set) and the final body, for every kind of reply (a status and body, a function of the
 * request, or a function returning `[status, body, headers]`), right before it answers.
 */
export function recordNockAnswers(onAnswer: (answer: NockAnswer) => void): void {
  const first = installed === undefined;
  installed = onAnswer;
  if (!first) return;
  const require = createRequire(import.meta.url);
  // The very module instance `import nock from "nock"` uses: one require cache.
  const Interceptor = require("nock/lib/interceptor") as { prototype: { reply: ReplyMethod } };
  const reply = Interceptor.prototype.reply;
  Interceptor.prototype.reply = function (this: InterceptorLike, ...args: unknown[]) {
    const scope = reply.apply(this, args);
    if (GITHUB_API.test(this.basePath)) {
      const origin = this.basePath.replace(/:443$/, "");
      this.rawHeaders.push(
        "x-openapi-checked",
        (req: RequestLike, res: { statusCode?: number }, body: unknown) => {
          // The headers the check reads, copied while the request is still there.
          const headers = new Map(
            ["accept", "if-none-match"].map((name) => [name, req.getHeader?.(name)]),
          );
          installed?.({
            origin,
            // A copy: the double may change the objects it answered with after answering.
            request: {
              method: req.method,
              path: req.path,
              getHeader: (name: string) => headers.get(name.toLowerCase()),
            },
            status: res.statusCode ?? 0,
            body: isJsonValue(body) ? structuredClone(body) : body,
          });
          return "recorded";
        },
      );
    }
    return scope;
  };
}

function isJsonValue(body: unknown): boolean {
  return (
    typeof body === "object" &&
    body !== null &&
    !Buffer.isBuffer(body) &&
    typeof (body as { pipe?: unknown }).pipe !== "function"
  );
}

/** What is wrong with this answer, or null when GitHub could have given it. */
export function checkAnswer(
  origin: string,
  req: RequestLike,
  status: number,
  rawBody: unknown,
): BadAnswer | null {
  const method = (req.method ?? "GET").toUpperCase();
  const target = new URL(req.path ?? "/", origin);
  const request = `${method} ${origin}${target.pathname}${target.search}`;
  const unprefixed = target.pathname.startsWith(`${ENTERPRISE_PREFIX}/`)
    ? target.pathname.slice(ENTERPRISE_PREFIX.length)
    : target.pathname;
  // GitHub's Link headers name later pages by the repository's id (`/repositories/42/issues`);
  // the description has no such paths, but they answer as `/repos/{owner}/{repo}/…` does.
  const pathname = unprefixed.replace(/^\/repositories\/\d+(?=\/|$)/, "/repos/owner/repo");
  validator ??= OpenApiValidator.load();
  const matched = validator.match(method, pathname);
  if (matched === null) {
    return {
      request,
      operation: null,
      status,
      problems: [
        "no operation of the OpenAPI subset matches: add it to scripts/openapi/operations.json " +
          "(test/local-github/README.md, Adding an endpoint)",
      ],
    };
  }
  const operation = matched.operation.key;
  if (operation in UNCHECKED_OPERATIONS) return null;
  if (status === 304) {
    // HTTP's conditional GET, which GitHub answers on any GET and the description lists only on
    // some: right for a GET that sent a tag (If-None-Match), with no body; wrong otherwise.
    const sent = req.getHeader?.("if-none-match");
    const empty = rawBody === undefined || rawBody === null || rawBody === "";
    if (method === "GET" && typeof sent === "string" && sent !== "" && empty) return null;
    return {
      request,
      operation,
      status,
      problems: ["304 answers only a GET that sent If-None-Match, and has no body"],
    };
  }
  // A raw or diff media type answers the file or diff itself, which the description does not
  // describe (it documents application/json only); the local GitHub does not check those either.
  const header = req.getHeader?.("accept");
  const accept =
    typeof header === "string" ? header : Array.isArray(header) ? header.join(",") : "";
  if (/\.(raw|diff|patch)\b/.test(accept)) return null;
  let body: unknown;
  if (rawBody === undefined || rawBody === null || rawBody === "") body = undefined;
  else if (typeof rawBody === "string") {
    try {
      body = JSON.parse(rawBody);
    } catch {
      return { request, operation, status, problems: ["the answer is not JSON"] };
    }
  } else if (Buffer.isBuffer(rawBody)) {
    return { request, operation, status, problems: ["the answer is a Buffer, not JSON"] };
  } else if (typeof (rawBody as { pipe?: unknown }).pipe === "function") {
    return { request, operation, status, problems: ["the answer is a stream, not JSON"] };
  } else body = rawBody;
  const problems = validator.checkResponse(operation, status, body);
  return problems.length === 0 ? null : { request, operation, status, problems };
}

/** One line per bad answer: the request, the operation, the status, then each schema error. */
export function describeBadAnswer(answer: BadAnswer): string {
  const operation = answer.operation ?? "no documented operation";
  return [
    `${answer.request} answered ${answer.status} (${operation}):`,
    ...answer.problems.map((p) => `    ${p}`),
  ].join("\n");
}
