/**
 * "Webhook answer" (issue 14, goal 5): how long GitHub waits for the app's answer to a merge's
 * deliveries, with the real server (`startServer`, what `npm start` runs) against the local
 * GitHub at 20 ms a request. Both deliveries of a merge (`pull_request.closed` and `push`) are
 * sent at the same moment, as GitHub does. The server's default answers at once and works on
 * (WEBHOOK_ANSWER=at-once); `after-handling` is shown beside it for reference.
 */
import { LocalGitHub, WebhookSender, type Delivery } from "../test/local-github/index.js";
import { startApp } from "../test/local-github/start-app.js";
import { formatBytes, formatMs, renderTable, verdict, type Goal } from "./format.js";
import { LATENCY_MS, postmortemMarkdown } from "./sync-cost.js";

const SECRET = "bench-secret";
const PATH = "docs/postmortems/queue-outage.md";
/** GitHub gives up on a delivery after 10 s; the goal is a tenth of that. */
const GOAL_ANSWER_MS = 1_000;

interface Case {
  name: string;
  text: string;
  items: number;
}

/** A postmortem of about `bytes`: `items` action items, then timeline prose. */
function largePostmortem(bytes: number, items: number): string {
  const head = postmortemMarkdown(items);
  const line =
    "- 10:42 The queue consumer restarted and the backlog grew by another few thousand.\n";
  return head + "\n## Timeline\n\n" + line.repeat(Math.ceil((bytes - head.length) / line.length));
}

const CASES: Case[] = [
  { name: "1 item", text: postmortemMarkdown(1), items: 1 },
  { name: "50 items", text: postmortemMarkdown(50), items: 50 },
  { name: `1 MiB postmortem, 20 items`, text: largePostmortem(1024 * 1024, 20), items: 20 },
];

interface Outcome {
  answers: Delivery[];
  /** From sending the deliveries to the end of the work. */
  workMs: number;
  filed: number;
}

async function runCase(c: Case, answer: "at-once" | "after-handling"): Promise<Outcome> {
  const gh = await LocalGitHub.start();
  gh.faults.add({ times: Infinity, action: { kind: "delay", ms: LATENCY_MS } });
  const repo = gh.state.createRepository({
    owner: "o",
    name: "r",
    files: { "README.md": "# r\n" },
  });
  gh.state.addCollaborator(repo, "alice", "write");
  gh.state.installApp("o", [repo]);
  // Writes 5 ms apart: the answer, not GitHub's one-second spacing, is measured here.
  const app = await startApp(gh, {
    webhookSecret: SECRET,
    writeIntervalMs: 5,
    env: { WEBHOOK_ANSWER: answer, LOG_LEVEL: "warn" },
  });
  try {
    const hooks = new WebhookSender(gh.state, { url: app.webhookUrl, secret: SECRET });
    const pr = gh.state.openPullRequest(repo, {
      author: "alice",
      title: "Queue outage postmortem",
      branch: "postmortem",
      changes: { [PATH]: c.text },
    });
    const before = repo.branches.get(repo.defaultBranch) ?? "";
    gh.state.mergePullRequest(repo, pr.number, { by: "alice", method: "squash" });
    const closed = hooks.pullRequest(repo, pr.number, "closed");
    const push = hooks.push(repo, { before, pusher: "alice" });
    const started = performance.now();
    const answers = await Promise.all([hooks.deliver(closed), hooks.deliver(push)]);
    await app.idle();
    const workMs = performance.now() - started;
    const filed = [...repo.issues.values()].filter((i) =>
      i.title.startsWith("Add alerting"),
    ).length;
    if (filed !== c.items) throw new Error(`${c.name}: ${filed} of ${c.items} items filed`);
    return { answers, workMs, filed };
  } finally {
    await app.stop();
    await gh.close();
  }
}

/** Prints the section; returns its goal line. */
export async function benchWebhookAnswer(): Promise<Goal[]> {
  console.log(
    `\n7. Webhook answer: a merge's pull_request.closed and push delivered at once to the real server ` +
      `(startServer), local GitHub at ${LATENCY_MS} ms a request, writes 5 ms apart. Goal: every answer < ${formatMs(GOAL_ANSWER_MS)}`,
  );
  const rows: string[][] = [];
  let worst = 0;
  for (const c of CASES) {
    for (const answer of ["at-once", "after-handling"] as const) {
      const outcome = await runCase(c, answer);
      const slowest = Math.max(...outcome.answers.map((a) => a.answerMs));
      if (answer === "at-once") worst = Math.max(worst, slowest);
      rows.push([
        c.name,
        formatBytes(Buffer.byteLength(c.text)),
        answer === "at-once" ? "at-once (default)" : answer,
        outcome.answers.map((a) => `${a.status} in ${formatMs(a.answerMs)}`).join(", "),
        formatMs(outcome.workMs),
        `${outcome.filed}`,
      ]);
    }
  }
  console.log(
    renderTable(
      [
        "postmortem",
        "size",
        "WEBHOOK_ANSWER",
        "answers (closed, push)",
        "work done after",
        "filed",
      ],
      rows,
      [0, 2, 3],
    ),
  );
  console.log(
    "\n  at-once: the server answers once the delivery is verified and its handlers have started; " +
      "a graceful shutdown waits for the work, and what a killed process leaves undone is filed " +
      "by the reconcile on start or by a redelivery (items are found by marker).",
  );
  return [
    {
      name: "webhook answer, slowest delivery (merge of 1–50 items, up to 1 MiB)",
      measured: formatMs(worst),
      target: `< ${formatMs(GOAL_ANSWER_MS)}`,
      result: verdict(worst < GOAL_ANSWER_MS),
    },
  ];
}
