import type { Context } from "probot";
import { loadConfig } from "../config/load-config.js";
import { readMarker, readMarkers } from "../core/issue-marker.js";
import { reconcileAdoption } from "../github/adopt-issue.js";
import { syncChecklist } from "../github/sync-checklist.js";
import { trustInRepo } from "./app-identity.js";

/** The issue events the tracker follows: the app subscribes to them, the Action adapts them. */
export const LIFECYCLE_EVENTS = [
  "issues.closed",
  "issues.reopened",
  "issues.assigned",
  "issues.unassigned",
  "issues.labeled",
  "issues.unlabeled",
] as const;

export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

/**
 * Keeps what the app shows true as people work the issues:
 * - closed / reopened on a filed item issue (its marker trusted, tracker-trust.ts): tick or untick it in its postmortem's
 *   tracking issue, exactly as the sync renders it (closed as not planned: "(won't do)");
 * - labeled / unlabeled with the tracker label on a human's issue: adopt it or stop tracking it;
 * - assigned / unassigned: nothing to write. The digest reads assignees live and the tracking
 *   issue does not show them; the item body's owner line is as filed, and the sync refreshes it
 *   with the live assignees whenever it rewrites the body.
 *
 * The app's own actions are skipped: whatever it does, it keeps its issues true itself.
 * `configPath` (the Action's input) is read instead of the app's config file.
 */
export function onIssueLifecycle(
  botLogin: () => Promise<string>,
  today: () => string,
  options: { configPath?: string } = {},
) {
  return async (context: Context<LifecycleEvent>): Promise<void> => {
    const { payload } = context;
    const { issue, repository, sender } = payload;
    const log = context.log.child({
      repo: repository.full_name,
      issue: issue.number,
      action: payload.action,
    });
    if (payload.action === "assigned" || payload.action === "unassigned") {
      log.debug("assignees are read live by the digest; nothing to update");
      return;
    }
    const isLabelEvent = payload.action === "labeled" || payload.action === "unlabeled";
    // Only the app's item issues have a checklist line; every other close costs no request.
    if (!isLabelEvent && readMarker(issue.body, "item") === null) return;
    const bot = await botLogin();
    if (sender.login.toLowerCase() === bot.toLowerCase()) {
      log.debug("caused by the app itself; nothing to do");
      return;
    }
    const repo = { owner: repository.owner.login, repo: repository.name };
    const trust = trustInRepo(context.octokit, repo, botLogin);
    const author = { author: issue.user?.login ?? "ghost", authorType: issue.user?.type ?? "User" };
    const filed = readMarkers(issue.body).length > 0 && (await trust.trusts(author));
    const label = "label" in payload ? payload.label : undefined;
    if (isLabelEvent && (label === undefined || filed)) {
      // The tracker's own issues are tracked by their marker, whatever their labels say.
      return;
    }
    if (!isLabelEvent && !filed) {
      log.debug(
        { author: author.author },
        "item marker in an issue the tracker did not file; ignored",
      );
      return;
    }
    const config = await loadConfig(context, options.configPath);
    if (!config.ok) {
      log.warn({ error: config.error }, "invalid config: cannot tell the tracker's labels");
      return;
    }
    if (!isLabelEvent) {
      const outcome = await syncChecklist(
        { client: context.octokit, repo, trust, config: config.config, log },
        issue.number,
      );
      log.debug({ outcome }, "checked the tracking issue's checklist");
      return;
    }
    if (label?.name.toLowerCase() !== config.config.label.name.toLowerCase()) return;
    await reconcileAdoption(
      {
        client: context.octokit,
        repo,
        repoUrl: repository.html_url,
        trust,
        config: config.config,
        log,
      },
      {
        number: issue.number,
        sender: sender.login,
        today: today(),
      },
    );
  };
}
