/**
 * The demo: a local GitHub on 127.0.0.1, the real app server (the `startServer` that `npm start`
 * calls), and one postmortem going through a pull request, a merge and a weekly digest. Nothing
 * reaches github.com; every request the app makes is checked against GitHub's OpenAPI
 * description, and the demo fails if one breaks it.
 */
import { readFileSync } from "node:fs";
import { runCli } from "../src/cli/main.js";
import { addDays } from "../src/core/calendar-date.js";
import { readMarker } from "../src/core/issue-marker.js";
import {
  LocalGitHub,
  startApp,
  WebhookSender,
  type Issue,
  type Repository,
  type RunningApp,
} from "../test/local-github/index.js";

/** In the repository, where the default config looks for postmortems. */
const POSTMORTEM_PATH = "postmortems/2026-05-01-outage.md";
const EXAMPLE = new URL("../examples/postmortems/2026-05-01-outage.md", import.meta.url);
const SECRET = "demo-webhook-secret";
/** The digest is run this many days after the items fell due, so that they are overdue. */
const DAYS_PAST_DUE = 10;

export interface DemoItem {
  number: number;
  title: string;
  owners: string[];
  due: string;
  /** The issue as GitHub would show it (the README's pictures are rendered from these). */
  author: string;
  labels: DemoLabel[];
  body: string;
}

export interface DemoLabel {
  name: string;
  /** Hex, without `#`. */
  color: string;
}

export interface DemoResult {
  /** "owner/name". */
  repository: string;
  pull: { number: number; title: string; author: string; base: string };
  checkRun: {
    name: string;
    conclusion: string | null;
    title: string | null;
    /** The Markdown GitHub renders on the pull request's Checks tab. */
    summary: string | null;
    annotations: number;
  } | null;
  items: DemoItem[];
  trackingIssue: number | null;
  prComment: string | null;
  digest: {
    now: string;
    comment: string | null;
    /** Who posted the comment, and on which issue. */
    author: string | null;
    issue: { number: number; title: string } | null;
    report: string;
  };
  /** Requests the app made to the local GitHub. */
  requests: number;
}

export interface DemoOptions {
  /** Where the readable report goes (a line or a block at a time). */
  print: (text: string) => void;
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { print } = options;
  // The local GitHub's clock; moved forward with the digest's `--now` so that the comment it
  // stamps is from the same week.
  let offsetMs = 0;
  const gh = await LocalGitHub.start({ clock: { now: () => new Date(Date.now() + offsetMs) } });
  let app: RunningApp | null = null;
  try {
    const repo = gh.state.createRepository({
      owner: "acme",
      name: "infra",
      files: { "README.md": "# infra\n" },
    });
    gh.state.addCollaborator(repo, "alice", "write");
    gh.state.installApp("acme", [repo]);
    // A local server needs no one-second spacing between writes; GitHub does (the default).
    const running = await startApp(gh, { webhookSecret: SECRET, writeIntervalMs: 5 });
    app = running;
    // The app answers each delivery at once and works on; the demo shows GitHub once it is done.
    const hooks = new WebhookSender(gh.state, {
      url: running.webhookUrl,
      secret: SECRET,
      settle: () => running.idle(),
    });
    print(
      `Local GitHub at ${gh.url}, the app at ${app.webhookUrl}\n` +
        `Repository acme/infra; alice (write access) opens a pull request adding ${POSTMORTEM_PATH}.`,
    );

    const pr = gh.state.openPullRequest(repo, {
      author: "alice",
      title: "Postmortem of the May 1 outage",
      branch: "postmortem-may-1",
      changes: { [POSTMORTEM_PATH]: readFileSync(EXAMPLE, "utf8") },
    });
    expectAccepted(await hooks.deliver(hooks.pullRequest(repo, pr.number, "opened")));
    const run = [...repo.checkRuns.values()].find((r) => r.headSha === pr.head.sha) ?? null;
    section(print, `1. pull_request.opened: the preview check run on PR #${pr.number}`);
    if (run === null) print("(no check run)");
    else {
      print(`${run.name}: ${run.conclusion ?? run.status} — ${run.output.title ?? ""}\n`);
      print(indent(run.output.summary ?? ""));
      for (const a of run.output.annotations) {
        print(
          `  ${String(a.annotation_level)} ${String(a.path)}:${String(a.start_line)}  ${oneLine(String(a.message))}`,
        );
      }
    }

    const before = repo.branches.get(repo.defaultBranch) ?? "";
    gh.state.mergePullRequest(repo, pr.number, { by: "alice", method: "squash" });
    expectAccepted(await hooks.deliver(hooks.pullRequest(repo, pr.number, "closed")));
    expectAccepted(await hooks.deliver(hooks.push(repo, { before, pusher: "alice" })));

    const items = filedItems(repo);
    const tracking = [...repo.issues.values()].find((i) => readMarker(i.body, "tracking") !== null);
    section(print, "2. Squash-merged: pull_request.closed and push delivered. Issues filed");
    print(table(items));
    if (tracking !== undefined) print(`\nTracking issue #${tracking.number}: ${tracking.title}`);
    const prComment =
      [...repo.comments.values()].find((c) => c.issueNumber === pr.number)?.body ?? null;
    section(print, `3. The app's comment on PR #${pr.number}`);
    print(indent(prComment ?? "(none)"));

    const due = items.map((i) => i.due).sort()[0] ?? new Date().toISOString().slice(0, 10);
    const now = `${addDays(due, DAYS_PAST_DUE)}T10:00:00Z`;
    offsetMs = Date.parse(now) - Date.now();
    const digest = await runDigestCli(gh, now);
    const digestIssue = [...repo.issues.values()].find(
      (i) => readMarker(i.body, "digest") !== null,
    );
    const digestComment =
      digestIssue === undefined
        ? undefined
        : [...repo.comments.values()]
            .filter((c) => c.issueNumber === digestIssue.number)
            .find((c) => readMarker(c.body, "digest-week") !== null);
    const comment = digestComment?.body ?? null;
    section(
      print,
      `4. The weekly digest, run as \`postmortem-tracker digest --repo acme/infra --now ${now}\` (${DAYS_PAST_DUE} days after the items fell due)`,
    );
    print(digest);
    if (digestIssue !== undefined)
      print(`\nPosted on issue #${digestIssue.number} "${digestIssue.title}":\n`);
    print(indent(comment ?? "(no digest comment)"));

    gh.assertNoViolations();
    const requests = gh.requests.length;
    section(print, "Done");
    print(
      `${requests} requests to the local GitHub, all valid against GitHub's OpenAPI description.`,
    );
    return {
      repository: `${repo.owner.login}/${repo.name}`,
      pull: { number: pr.number, title: pr.title, author: pr.user.login, base: pr.base.ref },
      checkRun:
        run === null
          ? null
          : {
              name: run.name,
              conclusion: run.conclusion,
              title: run.output.title,
              summary: run.output.summary,
              annotations: run.output.annotations.length,
            },
      items,
      trackingIssue: tracking?.number ?? null,
      prComment,
      digest: {
        now,
        comment,
        author: digestComment?.user.login ?? null,
        issue:
          digestIssue === undefined
            ? null
            : { number: digestIssue.number, title: digestIssue.title },
        report: digest,
      },
      requests,
    };
  } finally {
    await app?.stop();
    await gh.close();
  }
}

/** The digest through the CLI, with the app's credentials, as a scheduled job would run it. */
async function runDigestCli(gh: LocalGitHub, now: string): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(["digest", "--repo", "acme/infra", "--now", now], {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    today: () => now.slice(0, 10),
    env: {
      APP_ID: String(gh.app.id),
      PRIVATE_KEY: gh.app.privateKey,
      // The local GitHub's web URLs are github.com's, as in the webhooks it sends.
      GITHUB_API_URL: `${gh.url}/api/v3`,
      GITHUB_SERVER_URL: "https://github.com",
      WRITE_INTERVAL_MS: "5",
      LOG_LEVEL: "silent",
    },
  });
  if (code !== 0) throw new Error(`the digest command failed (exit ${code}): ${err.join("\n")}`);
  return out.join("\n");
}

function filedItems(repo: Repository): DemoItem[] {
  return [...repo.issues.values()]
    .flatMap((issue: Issue) => {
      const marker = readMarker(issue.body, "item");
      return marker === null
        ? []
        : [
            {
              number: issue.number,
              title: issue.title,
              owners: issue.assignees.map((a) => a.login),
              due: marker.due,
              author: issue.user.login,
              labels: issue.labelIds.flatMap((id) => {
                const label = repo.labels.get(id);
                return label === undefined ? [] : [{ name: label.name, color: label.color }];
              }),
              body: issue.body ?? "",
            },
          ];
    })
    .sort((a, b) => a.number - b.number);
}

function table(items: DemoItem[]): string {
  const rows = [
    ["#", "title", "owner", "due"],
    ...items.map((i) => [`#${i.number}`, i.title, i.owners.join(", ") || "-", i.due]),
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function section(print: (text: string) => void, title: string): void {
  print(`\n── ${title} ${"─".repeat(Math.max(3, 96 - title.length))}\n`);
}

/** Markdown as a quoted block, without the hidden metadata comments GitHub does not show. */
function indent(text: string): string {
  return text
    .replace(/\n?<!-- postmortem-tracker:v1 [^>]* -->/g, "")
    .trimEnd()
    .split("\n")
    .map((line) => `  │ ${line}`.trimEnd())
    .join("\n");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function expectAccepted(delivery: { name: string; action: string | null; status: number }): void {
  if (delivery.status !== 200)
    throw new Error(
      `the app answered ${delivery.status} to ${delivery.name}.${delivery.action ?? ""}`,
    );
}
