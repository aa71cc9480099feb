/**
 * Webhooks from the local GitHub: payloads built from its state in the shape of GitHub's own
 * examples (@octokit/webhooks-examples), checked against @octokit/webhooks-schemas, signed with
 * `X-Hub-Signature-256` (HMAC-SHA256 of the body with the webhook secret) and POSTed to the app.
 */
import { createHmac, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import {
  checkRun,
  comment,
  installation as installationJson,
  issue,
  pullRequest,
  repoWebUrl,
  repository,
  simpleUser,
} from "./representations.js";
import { diffFiles, type Installation, type Repository, type GitHubState } from "./state.js";

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const require = createRequire(import.meta.url);

type Json = Record<string, unknown>;

export interface WebhookEvent {
  name: string;
  payload: Json;
}

export interface DeliveryOptions {
  /** Reuse a delivery id (GitHub keeps it on redelivery); random by default. */
  id?: string;
  /** "wrong" signs with another secret, "missing" sends no signature header. */
  signature?: "valid" | "wrong" | "missing";
}

export interface Delivery {
  id: string;
  name: string;
  action: string | null;
  status: number;
  body: string;
  /** From sending the request to the end of the app's answer. */
  answerMs: number;
}

interface ExampleDefinition {
  name: string;
  examples: Json[];
}

let schemaValidator: Ajv | null = null;

/** Validates `payload` against the webhooks-schemas definition of the event (and action). */
export function checkWebhookPayload(name: string, payload: Json): string[] {
  if (schemaValidator === null) {
    schemaValidator = new Ajv({ strict: false, allErrors: true });
    addFormats(schemaValidator);
    const schema = require("@octokit/webhooks-schemas") as { definitions: Json };
    // Only the definitions: the root's oneOf over every event would make Ajv compile them all.
    schemaValidator.addSchema({ $id: "webhooks", definitions: schema.definitions });
  }
  const action = typeof payload.action === "string" ? payload.action : null;
  const definition = action === null ? `${name}$event` : `${name}$${action}`;
  const validate: ValidateFunction | undefined = schemaValidator.getSchema(
    `webhooks#/definitions/${definition.replace("$", "%24")}`,
  );
  if (validate === undefined) return [`no schema for ${definition}`];
  if (validate(payload)) return [];
  return (validate.errors ?? [])
    .slice(0, 10)
    .map(
      (e) =>
        `${definition}${e.instancePath}: ${e.message ?? e.keyword}${e.keyword === "additionalProperties" ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})` : ""}`,
    );
}

/**
 * The documented examples of an event, fullest first, as templates for its shape. Some actions
 * have no example (`issues.closed`); then the other actions' examples are the candidates, and
 * `build` takes the first whose result the action's own schema accepts.
 */
function examples(name: string, action: string | null): Json[] {
  const definitions = require("@octokit/webhooks-examples") as ExampleDefinition[];
  const all = definitions.find((d) => d.name === name)?.examples ?? [];
  const own = all.filter((e) => action === null || e.action === action);
  const candidates = (own.length > 0 ? own : all).slice();
  if (candidates.length === 0) throw new Error(`No webhook example for ${name}.${action ?? ""}`);
  return candidates.sort((a, b) => JSON.stringify(b).length - JSON.stringify(a).length);
}

/**
 * `data` in the shape of `template`: objects keep the template's keys (taking `data`'s value
 * where it has one), arrays map `data`'s items through the template's first item, and a number
 * where `data` has an ISO date becomes epoch seconds (push payloads spell dates that way).
 * Where the example has null (say, `merged_by` of an unmerged PR) and `data` has an account,
 * the example's `sender` gives the shape.
 */
export function conform(template: unknown, data: unknown, user?: unknown): unknown {
  if (data === undefined) return template;
  if (Array.isArray(data)) {
    const item: unknown = Array.isArray(template) ? template[0] : undefined;
    return (data as unknown[]).map((d) => (item === undefined ? d : conform(item, d, user)));
  }
  if (
    (template === null || template === undefined) &&
    isRecord(data) &&
    "login" in data &&
    user !== undefined
  ) {
    return conform(user, data, user);
  }
  if (isRecord(template) && isRecord(data)) {
    return Object.fromEntries(
      Object.entries(template).map(([k, v]) => [k, conform(v, data[k], user)]),
    );
  }
  if (typeof template === "number" && typeof data === "string" && !Number.isNaN(Date.parse(data))) {
    return Math.floor(Date.parse(data) / 1000);
  }
  return data;
}

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Builds, checks, signs and sends webhooks for one app (its URL and secret). */
export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  readonly #state: GitHubState;
  readonly #url: string;
  readonly #secret: string;
  readonly #settle: (() => Promise<void>) | null;

  constructor(
    state: GitHubState,
    options: {
      url: string;
      secret: string;
      /**
       * Awaited after the app's answer, before `deliver` resolves: an app that answers at once
       * and works on (`WEBHOOK_ANSWER=at-once`) passes its `idle`, so that a test reads GitHub's
       * state once the work is done. `answerMs` still times the answer alone.
       */
      settle?: () => Promise<void>;
    },
  ) {
    this.#state = state;
    this.#url = options.url;
    this.#secret = options.secret;
    this.#settle = options.settle ?? null;
  }

  /** Shapes `data` like GitHub's example of the event and checks it against the schema. */
  build(name: string, action: string | null, data: Json): WebhookEvent {
    let first: string[] | null = null;
    for (const template of examples(name, action)) {
      const shaped = conform(template, data, template.sender) as Json;
      // Top-level keys the example happens to lack (installation, organization) are kept.
      for (const [key, value] of Object.entries(data)) {
        if (!(key in shaped)) shaped[key] = value;
      }
      const problems = checkWebhookPayload(name, shaped);
      if (problems.length === 0) return { name, payload: shaped };
      first ??= problems;
    }
    throw new Error(
      `The local GitHub built an invalid ${name} payload:\n  ${(first ?? []).join("\n  ")}`,
    );
  }

  /** POSTs a webhook the way GitHub does; answers the app's status and body. */
  async deliver(event: WebhookEvent, options: DeliveryOptions = {}): Promise<Delivery> {
    const id = options.id ?? randomUUID();
    const body = JSON.stringify(event.payload);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/local",
      "x-github-event": event.name,
      "x-github-delivery": id,
      "x-github-hook-id": "1",
      "x-github-hook-installation-target-type": "integration",
      "x-github-hook-installation-target-id": String(this.#state.app?.id ?? 0),
    };
    const signature = options.signature ?? "valid";
    if (signature !== "missing") {
      const secret = signature === "wrong" ? `${this.#secret}-wrong` : this.#secret;
      headers["x-hub-signature-256"] =
        `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
    }
    const sent = performance.now();
    const response = await fetch(this.#url, { method: "POST", headers, body });
    const text = await response.text();
    const delivery: Delivery = {
      id,
      name: event.name,
      action: typeof event.payload.action === "string" ? event.payload.action : null,
      status: response.status,
      body: text,
      answerMs: performance.now() - sent,
    };
    this.deliveries.push(delivery);
    await this.#settle?.();
    return delivery;
  }

  #common(repo: Repository, sender: string): Json {
    const owner = repo.owner;
    return {
      repository: repository(repo),
      sender: simpleUser(this.#state.account(sender)),
      ...(repo.installationId === null
        ? {}
        : { installation: { id: repo.installationId, node_id: `MDIz${repo.installationId}` } }),
      ...(owner.type === "Organization"
        ? {
            organization: {
              login: owner.login,
              id: owner.id,
              node_id: `O_${owner.id}`,
              url: `https://api.github.com/orgs/${owner.login}`,
              repos_url: `https://api.github.com/orgs/${owner.login}/repos`,
              events_url: `https://api.github.com/orgs/${owner.login}/events`,
              hooks_url: `https://api.github.com/orgs/${owner.login}/hooks`,
              issues_url: `https://api.github.com/orgs/${owner.login}/issues`,
              members_url: `https://api.github.com/orgs/${owner.login}/members{/member}`,
              public_members_url: `https://api.github.com/orgs/${owner.login}/public_members{/member}`,
              avatar_url: `https://avatars.githubusercontent.com/u/${owner.id}?v=4`,
              description: null,
            },
          }
        : {}),
    };
  }

  /** `pull_request` with `action` (opened, synchronize, reopened, closed; closed+merged after a merge). */
  pullRequest(repo: Repository, number: number, action: string, sender?: string): WebhookEvent {
    const pull = repo.pulls.get(number);
    if (pull === undefined) throw new Error(`No PR #${number}`);
    return this.build("pull_request", action, {
      action,
      number,
      pull_request: pullRequest(this.#state, repo, pull),
      ...this.#common(repo, sender ?? (pull.mergedBy ?? pull.user).login),
    });
  }

  /** `push` of `branch` from `before` to its current head. */
  push(
    repo: Repository,
    options: { branch?: string; before: string; pusher: string },
  ): WebhookEvent {
    const branch = options.branch ?? repo.defaultBranch;
    const after = repo.branches.get(branch);
    const head = after === undefined ? undefined : repo.commits.get(after);
    if (head === undefined) throw new Error(`No branch ${branch}`);
    const pusher = this.#state.account(options.pusher);
    // The commits the push brought (`git log before..after`), oldest first; GitHub lists at most 20.
    const commits = this.#state
      .commitsBetween(repo, options.before, head.sha)
      .slice(-20)
      .map((c) => {
        const parent = c.parents[0] === undefined ? undefined : repo.commits.get(c.parents[0]);
        const changes = diffFiles(parent?.files ?? new Map<string, string>(), c.files);
        const person = {
          name: c.author.login,
          email: `${c.author.id}+${c.author.login}@users.noreply.github.com`,
          username: c.author.login,
        };
        const paths = (status: string) =>
          changes.filter((x) => x.status === status).map((x) => x.path);
        return {
          id: c.sha,
          tree_id: c.sha,
          distinct: true,
          message: c.message,
          timestamp: c.date.replace("Z", "+00:00"),
          url: `${repoWebUrl(repo)}/commit/${c.sha}`,
          author: person,
          committer: person,
          added: paths("added"),
          removed: paths("removed"),
          modified: paths("modified"),
        };
      });
    return this.build("push", null, {
      ref: `refs/heads/${branch}`,
      before: options.before,
      after: head.sha,
      created: false,
      deleted: false,
      forced: false,
      base_ref: null,
      compare: `${repoWebUrl(repo)}/compare/${options.before.slice(0, 12)}...${head.sha.slice(0, 12)}`,
      commits,
      head_commit: commits.at(-1) ?? null,
      pusher: {
        name: pusher.login,
        email: `${pusher.id}+${pusher.login}@users.noreply.github.com`,
      },
      ...this.#common(repo, options.pusher),
    });
  }

  /** `issues` with `action` (opened, edited, closed, reopened, labeled, …) for issue `number`. */
  issues(
    repo: Repository,
    number: number,
    action: string,
    sender: string,
    extra: Json = {},
  ): WebhookEvent {
    const found = repo.issues.get(number);
    if (found === undefined) throw new Error(`No issue #${number}`);
    return this.build("issues", action, {
      action,
      issue: issue(this.#state, repo, found),
      ...extra,
      ...this.#common(repo, sender),
    });
  }

  /** `issue_comment.created` for a comment already in the state (add it with `addComment`). */
  issueComment(repo: Repository, commentId: number, action = "created"): WebhookEvent {
    const found = repo.comments.get(commentId);
    const parent = found === undefined ? undefined : repo.issues.get(found.issueNumber);
    if (found === undefined || parent === undefined) throw new Error(`No comment ${commentId}`);
    return this.build("issue_comment", action, {
      action,
      issue: issue(this.#state, repo, parent),
      comment: comment(this.#state, repo, found),
      ...this.#common(repo, found.user.login),
    });
  }

  /** `check_run.rerequested`: someone pressed "Re-run" on one of the app's check runs. */
  checkRunRerequested(repo: Repository, runId: number, sender: string): WebhookEvent {
    const run = repo.checkRuns.get(runId);
    if (run === undefined) throw new Error(`No check run ${runId}`);
    const json = checkRun(repo, run);
    return this.build("check_run", "rerequested", {
      action: "rerequested",
      check_run: {
        ...json,
        check_suite: {
          id: run.id + 1,
          head_branch: null,
          head_sha: run.headSha,
          status: "completed",
          conclusion: run.conclusion,
          url: `https://api.github.com/repos/${repo.owner.login}/${repo.name}/check-suites/${run.id + 1}`,
          before: null,
          after: run.headSha,
          pull_requests: json.pull_requests,
          app: json.app,
          created_at: run.startedAt,
          updated_at: run.completedAt ?? run.startedAt,
        },
      },
      ...this.#common(repo, sender),
    });
  }

  /** `installation.created` for an installation already in the state. */
  installationCreated(inst: Installation, sender: string): WebhookEvent {
    const app = this.#state.app;
    if (app === null) throw new Error("No app");
    return this.build("installation", "created", {
      action: "created",
      installation: installationJson(app, inst),
      repositories: inst.repositories.map((r) => ({
        id: r.id,
        node_id: `R_${r.id}`,
        name: r.name,
        full_name: `${r.owner.login}/${r.name}`,
        private: r.private,
      })),
      sender: simpleUser(this.#state.account(sender)),
    });
  }
}
