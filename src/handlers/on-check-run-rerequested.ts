import type { Context } from "probot";
import { getPullForCheck } from "../github/gateway.js";
import { CHECK_NAME, readPullExternalId } from "../github/run-preview.js";
import { previewPullRequest } from "./preview-pull-request.js";

/**
 * Someone pressed "Re-run" on our check: preview again at the same commit. The pull request comes
 * from the check run's `external_id` (set by us; `pull_requests` is empty for forks), and is read
 * again for its author, base and current head.
 */
export function onCheckRunRerequested(botLogin: () => Promise<string>, today: () => string) {
  return async (context: Context<"check_run.rerequested">): Promise<void> => {
    const { check_run: run, repository } = context.payload;
    const log = context.log.child({ repo: repository.full_name, checkRun: run.id });
    if (run.name !== CHECK_NAME) {
      log.debug({ name: run.name }, "not our check run; nothing to re-run");
      return;
    }
    const number = readPullExternalId(run.external_id) ?? run.pull_requests[0]?.number ?? null;
    if (number === null) {
      log.warn({ externalId: run.external_id }, "re-run of a check with no pull request; skipped");
      return;
    }
    const repo = { owner: repository.owner.login, repo: repository.name };
    const pull = await getPullForCheck(context.octokit, repo, number);
    await previewPullRequest(
      context,
      {
        repo,
        repoUrl: repository.html_url,
        defaultBranch: repository.default_branch,
        baseRef: pull.baseRef,
      },
      {
        number,
        headSha: run.head_sha,
        author: pull.author,
        current: pull.open && pull.headSha === run.head_sha,
      },
      botLogin,
      today(),
    );
  };
}
