import { readMarker, renderMarker } from "../core/issue-marker.js";
import { replaceItemDue } from "../core/item-due.js";
import {
  readOwnerLogin,
  resolveDue,
  snoozeDue,
  type Command,
  type DueResult,
} from "../core/parse-command.js";
import type { AdoptedIssue, ItemMarker } from "../core/tracked-issue.js";
import { renderCommandReply, renderDueLine, renderWontfixComment } from "../render/render.js";
import type { CommandReplyView } from "../render/view-models.js";
import { findDigestIssue, saveAdopted } from "./digest-issue.js";
import {
  canBeAssigned,
  closeIssue,
  createComment,
  getRepoRole,
  reactToComment,
  updateIssue,
  type Reaction,
  type ReactionContent,
} from "./gateway.js";
import { withRepoLock } from "./repo-lock.js";
import { syncChecklist } from "./sync-checklist.js";
import { WRITER_ROLES } from "./tracker-trust.js";
import { listOwnIssues, type SyncTarget } from "./sync-work.js";

/** The comment that holds the command, and the issue it is on, as the webhook told them. */
export interface CommandRequest {
  command: Command;
  comment: { id: number; url: string; author: string };
  issue: {
    number: number;
    author: string;
    /** The author's account type ("Bot", "User"…): whose markers count depends on it. */
    authorType: string;
    body: string;
    assignees: readonly string[];
  };
  /** YYYY-MM-DD (UTC): `/due +2w` counts from it. */
  today: string;
}

/** How a command ended; "failed" has been answered with a reply. */
export type CommandOutcome = "applied" | "unchanged" | "failed";

/** The reaction that ends a command that ran (applied, or changed nothing). */
const APPLIED: ReactionContent = "+1";
/** The reaction that ends a command answered with a reply (refused, unreadable, bad config). */
export const REPLIED: ReactionContent = "confused";

/**
 * Whether the tracker has already answered this command comment, under whatever credential it ran:
 * a 👍 or 😕 on it by `self` (this run's login, when the credentials can tell it) or by any bot
 * account. Bots are who the trust rule trusts without asking (tracker-trust.ts): the app, the
 * Action's `GITHUB_TOKEN` (github-actions[bot]) and an app's installation token (`slug[bot]`) all
 * react as bots, and an installation token cannot learn its own login (`GET /user` answers 403,
 * `GET /app` needs the app's JWT), so "by a bot" is what a re-run of the Action can check. It
 * also keeps the app and the Action, both on one repository, from running one command twice.
 * People other than `self` do not count: a maintainer's 👍 on a colleague's `/snooze` agrees with
 * it, it does not run it.
 */
export function isAnswered(reactions: readonly Reaction[], self: string | null): boolean {
  const own = self?.toLowerCase();
  return reactions.some(
    (r) =>
      (r.content === APPLIED || r.content === REPLIED) &&
      (r.userType === "Bot" || r.user.toLowerCase() === own),
  );
}

/** What the command acts on: an item issue the app filed, or an issue adopted by its label. */
type Subject = { kind: "item" } | { kind: "adopted"; entry: AdoptedIssue };

/**
 * Runs one slash command: is the issue tracked, may the commenter do this, then the change,
 * acknowledged with a 👍 reaction, or a reply and a 😕 reaction when it changes nothing. The
 * reaction comes last: the caller skips comments the tracker already answered ({@link isAnswered}),
 * so a redelivery or a re-run never applies a command twice (a `/snooze` would move the deadline
 * again), while a delivery that failed before the end is retried in full.
 */
export async function runCommand(
  target: SyncTarget,
  request: CommandRequest,
): Promise<CommandOutcome> {
  const { command, comment, issue } = request;
  const subject = await findSubject(target, request);
  if (subject === null) {
    return fail(target, request, {
      kind: "not-tracked",
      command: command.name,
      label: target.config.label.name,
    });
  }
  if (!(await mayRun(target, request))) {
    return fail(target, request, { kind: "refused", command: command.name, login: comment.author });
  }
  let outcome: CommandOutcome | CommandReplyView;
  switch (command.name) {
    case "due": {
      const due = resolveDue(command.arg, request.today);
      outcome = due.ok
        ? await moveDue(target, request, subject, () => due)
        : dueProblem(command.name, command.arg, due);
      break;
    }
    case "snooze": {
      // Checked against any date first, so an unreadable duration takes no lock.
      const check = snoozeDue(request.today, command.arg);
      outcome = check.ok
        ? await moveDue(target, request, subject, (current) => snoozeDue(current, command.arg))
        : dueProblem(command.name, command.arg, check);
      break;
    }
    case "wontfix":
      outcome =
        command.reason === ""
          ? { kind: "no-reason", command: command.name }
          : await wontfix(target, request, subject);
      break;
    case "owner":
      outcome = await reassign(target, request, command.arg);
      break;
  }
  if (typeof outcome !== "string") return fail(target, request, outcome);
  await reactToComment(target.client, target.repo, comment.id, APPLIED);
  target.log.info(
    { issue: issue.number, command: command.name, outcome, by: comment.author },
    "ran a slash command",
  );
  return outcome;
}

/** Filed item issues carry the tracker's item marker; adopted ones are in the registry. */
async function findSubject(target: SyncTarget, request: CommandRequest): Promise<Subject | null> {
  const { issue } = request;
  if (readMarker(issue.body, "item") !== null && (await target.trust.trusts(issue)))
    return { kind: "item" };
  // A marker pasted into an outsider's issue means nothing: only the registry counts.
  const digest = findDigestIssue(await listOwnIssues(target));
  const entry = digest?.marker.adopted.find((a) => a.number === issue.number);
  return entry === undefined ? null : { kind: "adopted", entry };
}

/** Assignees may; anyone else needs the write, maintain or admin role. */
async function mayRun(target: SyncTarget, request: CommandRequest): Promise<boolean> {
  const author = request.comment.author.toLowerCase();
  if (request.issue.assignees.some((a) => a.toLowerCase() === author)) return true;
  const role = await getRepoRole(target.client, target.repo, request.comment.author);
  return role !== null && WRITER_ROLES.has(role);
}

function dueProblem(
  command: "due" | "snooze",
  text: string,
  result: Extract<DueResult, { ok: false }>,
): CommandReplyView {
  return result.problem === "missing"
    ? { kind: "missing", command }
    : { kind: result.problem, command, text };
}

/**
 * Moves the deadline: in the item marker and due line of an app-filed issue (whose body the sync
 * also rewrites), or in the registry of adopted issues; either way a read-modify-write of one
 * issue body, under the repository lock, reading again inside it.
 */
async function moveDue(
  target: SyncTarget,
  request: CommandRequest,
  subject: Subject,
  compute: (current: string) => DueResult,
): Promise<CommandOutcome | CommandReplyView> {
  const { issue, comment, command } = request;
  const name = command.name === "snooze" ? "snooze" : "due";
  const arg = command.name === "snooze" || command.name === "due" ? command.arg : "";
  return withRepoLock(target.client, target.repo, {}, async () => {
    const issues = await listOwnIssues(target);
    if (subject.kind === "item") {
      const live = issues.find((i) => i.number === issue.number);
      const marker = live === undefined ? null : readMarker(live.body, "item");
      if (live === undefined || marker === null) {
        return { kind: "not-tracked", command: name, label: target.config.label.name } as const;
      }
      const next = compute(marker.due);
      if (!next.ok) return dueProblem(name, arg, next);
      if (next.due === marker.due) return "unchanged";
      const moved: ItemMarker = { ...marker, due: next.due };
      const body = replaceItemDue(
        live.body,
        renderMarker(moved),
        renderDueLine({ due: next.due, login: comment.author, command: name }),
      );
      if (body === null) throw new Error(`Issue #${issue.number} lost its marker`);
      await updateIssue(target.client, target.repo, issue.number, { body });
      return "applied";
    }
    const digest = findDigestIssue(issues);
    const entry = digest?.marker.adopted.find((a) => a.number === issue.number);
    if (digest === null || entry === undefined) {
      return { kind: "not-tracked", command: name, label: target.config.label.name } as const;
    }
    const next = compute(entry.due);
    if (!next.ok) return dueProblem(name, arg, next);
    if (next.due === entry.due) return "unchanged";
    await saveAdopted(
      target,
      digest,
      digest.marker.adopted.map((a) => (a.number === issue.number ? { ...a, due: next.due } : a)),
    );
    return "applied";
  });
}

/**
 * Closes the issue as not planned, after a comment that records the reason (the commenter's own
 * comment can be edited or deleted later). An item's tracking issue is ticked here: the app
 * ignores the `issues.closed` event its own close causes.
 */
async function wontfix(
  target: SyncTarget,
  request: CommandRequest,
  subject: Subject,
): Promise<CommandOutcome> {
  const { issue, comment, command } = request;
  const reason = command.name === "wontfix" ? command.reason : "";
  await createComment(
    target.client,
    target.repo,
    issue.number,
    renderWontfixComment({ login: comment.author, reason, commentUrl: comment.url }),
  );
  await closeIssue(target.client, target.repo, issue.number, "not_planned");
  if (subject.kind === "item") await syncChecklist(target, issue.number);
  return "applied";
}

/** Makes `login` the issue's only assignee, once GitHub says they can be assigned. */
async function reassign(
  target: SyncTarget,
  request: CommandRequest,
  arg: string,
): Promise<CommandOutcome | CommandReplyView> {
  const login = readOwnerLogin(arg);
  if (login === null) return { kind: "bad-login", command: "owner", text: arg };
  if (!(await canBeAssigned(target.client, target.repo, login))) {
    return { kind: "unassignable", command: "owner", login };
  }
  const current = request.issue.assignees;
  if (current.length === 1 && current[0]?.toLowerCase() === login.toLowerCase()) {
    return "unchanged";
  }
  await updateIssue(target.client, target.repo, request.issue.number, { assignees: [login] });
  return "applied";
}

/** Replies why nothing changed, then reacts, so a redelivery after the reply does not reply twice. */
async function fail(
  target: SyncTarget,
  request: CommandRequest,
  view: CommandReplyView,
): Promise<CommandOutcome> {
  const { comment, issue } = request;
  await createComment(target.client, target.repo, issue.number, renderCommandReply(view));
  await reactToComment(target.client, target.repo, comment.id, REPLIED);
  target.log.info(
    { issue: issue.number, command: request.command.name, reply: view.kind, by: comment.author },
    "slash command changed nothing",
  );
  return "failed";
}
