/**
 * A tiny stateful stand-in for the GitHub REST endpoints `syncPostmortems` calls, for the
 * "merge sync cost" bench section: issues, comments, assignee checks and labels of one
 * repository (o/r), on 127.0.0.1 at a random port. Every request is logged with its method, path
 * and server-side start/end times, and answered after an optional fixed latency.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";

/** One request as the fake saw it; times are `performance.now()` milliseconds. */
export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  startMs: number;
  endMs: number;
}

export interface FakeGitHubOptions {
  /** Login stored as the author of every issue and comment (the app's bot). */
  botLogin: string;
  /** Added before each response, to stand in for the network round trip. */
  latencyMs?: number;
  /** `.github/postmortem-tracker.yml` of o/r (served raw); absent: 404. */
  configYaml?: string;
}

export interface FakeGitHub {
  baseUrl: string;
  log: LoggedRequest[];
  close(): Promise<void>;
  /** Stores an issue by the bot (to set up a repository), without a request. */
  seedIssue(fields: SeedIssue): number;
}

/** An issue to store: any field left out gets a plain default. */
export type SeedIssue = Partial<Omit<StoredIssue, "number" | "id">> & { title: string };

interface StoredIssue {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  state_reason: string | null;
  labels: string[];
  assignees: string[];
  created_at: string;
  closed_at: string | null;
  /** Bumped by a new comment, as on GitHub; defaults to `created_at`. */
  updated_at?: string;
}

interface StoredComment {
  id: number;
  issue: number;
  body: string;
  created_at: string;
}

interface StoredLabel {
  name: string;
  color: string;
  description: string | null;
}

const REPO = "/repos/o/r";
const WEB = "https://github.com/o/r";

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const latencyMs = options.latencyMs ?? 0;
  const user = { login: options.botLogin, id: 1, type: "Bot" };
  const issues = new Map<number, StoredIssue>();
  const comments = new Map<number, StoredComment>();
  const labels = new Map<string, StoredLabel>();
  const log: LoggedRequest[] = [];
  let nextNumber = 100;
  let nextId = 1_000;
  const now = (): string => new Date().toISOString();

  const labelJson = (l: StoredLabel) => ({
    name: l.name,
    color: l.color,
    description: l.description,
  });
  const ensureLabel = (name: string): StoredLabel => {
    let label = labels.get(name.toLowerCase());
    if (label === undefined) {
      // GitHub auto-creates labels an issue names, grey and without a description.
      label = { name, color: "ededed", description: null };
      labels.set(name.toLowerCase(), label);
    }
    return label;
  };
  const issueJson = (i: StoredIssue) => ({
    id: i.id,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    state_reason: i.state_reason,
    user,
    assignees: i.assignees.map((login) => ({ login })),
    labels: i.labels.map((name) => labelJson(ensureLabel(name))),
    html_url: `${WEB}/issues/${i.number}`,
    created_at: i.created_at,
    updated_at: i.updated_at ?? i.created_at,
    closed_at: i.closed_at,
  });
  const commentJson = (c: StoredComment) => ({
    id: c.id,
    body: c.body,
    user,
    html_url: `${WEB}/issues/${c.issue}#issuecomment-${c.id}`,
    created_at: c.created_at,
  });

  // A string body is sent as raw text (the contents API's raw media type).
  type Reply = [status: number, body?: unknown, headers?: Record<string, string>];
  let baseUrl = "";
  const notFound: Reply = [404, { message: "Not Found" }];

  function route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: Record<string, unknown>,
  ): Reply {
    if (!path.startsWith(`${REPO}/`)) return notFound;
    if (path === `${REPO}/contents/.github%2Fpostmortem-tracker.yml` && method === "GET")
      return options.configYaml === undefined ? notFound : [200, options.configYaml];
    const parts = path
      .slice(REPO.length + 1)
      .split("/")
      .map(decodeURIComponent);
    const [resource, a, b] = parts;
    if (resource === "issues" && a === undefined) {
      if (method === "GET") {
        const creator = query.get("creator");
        const wanted = query.get("labels")?.toLowerCase().split(",") ?? [];
        const state = query.get("state") ?? "open";
        const list = [...issues.values()]
          .filter(() => creator === null || creator.toLowerCase() === user.login.toLowerCase())
          .filter((i) => wanted.every((l) => i.labels.some((n) => n.toLowerCase() === l)))
          .filter((i) => state === "all" || i.state === state)
          .sort((x, y) => y.number - x.number)
          .map(issueJson);
        // Pages and a Link header, as GitHub sends them, when the client asks for pages.
        const perPage = Number(query.get("per_page") ?? "30");
        const page = Number(query.get("page") ?? "1");
        const slice = list.slice((page - 1) * perPage, page * perPage);
        if (page * perPage >= list.length) return [200, slice];
        const next = new URLSearchParams(query);
        next.set("page", String(page + 1));
        return [200, slice, { link: `<${baseUrl}${REPO}/issues?${next.toString()}>; rel="next"` }];
      }
      if (method === "POST") {
        const issue: StoredIssue = {
          number: nextNumber++,
          id: nextId++,
          title: String(body.title),
          body: typeof body.body === "string" ? body.body : null,
          state: "open",
          state_reason: null,
          labels: strings(body.labels),
          assignees: strings(body.assignees),
          created_at: now(),
          closed_at: null,
        };
        issues.set(issue.number, issue);
        return [201, issueJson(issue)];
      }
    }
    if (resource === "issues" && a === "comments" && b !== undefined && method === "DELETE") {
      return comments.delete(Number(b)) ? [204] : notFound;
    }
    if (resource === "issues" && a === "comments" && b !== undefined && method === "PATCH") {
      const comment = comments.get(Number(b));
      if (comment === undefined) return notFound;
      comment.body = String(body.body);
      return [200, commentJson(comment)];
    }
    if (resource === "issues" && a !== undefined && /^\d+$/.test(a)) {
      const number = Number(a);
      if (b === undefined && method === "PATCH") {
        const issue = issues.get(number);
        if (issue === undefined) return notFound;
        if (typeof body.title === "string") issue.title = body.title;
        if (typeof body.body === "string") issue.body = body.body;
        if (body.labels !== undefined) issue.labels = strings(body.labels);
        if (body.assignees !== undefined) issue.assignees = strings(body.assignees);
        if (body.state === "open" || body.state === "closed") {
          issue.closed_at = body.state === "closed" ? (issue.closed_at ?? now()) : null;
          issue.state = body.state;
        }
        if (body.state_reason !== undefined) {
          issue.state_reason = typeof body.state_reason === "string" ? body.state_reason : null;
        }
        return [200, issueJson(issue)];
      }
      if (b === "comments" && method === "GET") {
        const since = query.get("since");
        return [
          200,
          [...comments.values()]
            .filter((c) => c.issue === number && (since === null || c.created_at >= since))
            .map(commentJson),
        ];
      }
      if (b === "comments" && method === "POST") {
        const comment = { id: nextId++, issue: number, body: String(body.body), created_at: now() };
        comments.set(comment.id, comment);
        const issue = issues.get(number);
        if (issue !== undefined) issue.updated_at = comment.created_at;
        return [201, commentJson(comment)];
      }
    }
    if (resource === "assignees" && a !== undefined && method === "GET") return [204];
    if (resource === "labels" && a === undefined && method === "POST") {
      const name = String(body.name);
      if (labels.has(name.toLowerCase())) {
        return [
          422,
          {
            message: "Validation Failed",
            errors: [{ resource: "Label", code: "already_exists", field: "name" }],
          },
        ];
      }
      const label = {
        name,
        color: typeof body.color === "string" ? body.color : "ededed",
        description: typeof body.description === "string" ? body.description : null,
      };
      labels.set(name.toLowerCase(), label);
      return [201, labelJson(label)];
    }
    if (resource === "labels" && a !== undefined) {
      const label = labels.get(a.toLowerCase());
      if (label === undefined) return notFound;
      if (method === "GET") return [200, labelJson(label)];
      if (method === "DELETE") {
        labels.delete(a.toLowerCase());
        for (const issue of issues.values()) {
          issue.labels = issue.labels.filter((n) => n.toLowerCase() !== a.toLowerCase());
        }
        return [204];
      }
      if (method === "PATCH") {
        if (typeof body.color === "string") label.color = body.color;
        if (typeof body.description === "string") label.description = body.description;
        return [200, labelJson(label)];
      }
    }
    return notFound;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startMs = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    let reply: Reply;
    try {
      const parsed: unknown = text === "" ? {} : JSON.parse(text);
      reply = route(method, url.pathname, url.searchParams, isRecord(parsed) ? parsed : {});
    } catch (error) {
      reply = [500, { message: String(error) }];
    }
    if (latencyMs > 0) await delay(latencyMs);
    const [status, body, headers = {}] = reply;
    if (body === undefined) res.writeHead(status, headers).end();
    else if (typeof body === "string")
      res.writeHead(status, { ...headers, "content-type": "text/plain; charset=utf-8" }).end(body);
    else
      res
        .writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8" })
        .end(JSON.stringify(body));
    log.push({ method, path: url.pathname, status, startMs, endMs: performance.now() });
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    log,
    seedIssue: (fields) => {
      const created = fields.created_at ?? now();
      const issue: StoredIssue = {
        body: null,
        state: "open",
        state_reason: null,
        labels: [],
        assignees: [],
        closed_at: null,
        ...fields,
        number: nextNumber++,
        id: nextId++,
        created_at: created,
      };
      issues.set(issue.number, issue);
      return issue.number;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

function strings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) => (typeof v === "string" ? v : isRecord(v) ? String(v.name) : String(v)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
