import type { Context } from "probot";
import type { PreviewPublish, PreviewReport } from "../github/run-preview.js";
import { previewPullRequest } from "./preview-pull-request.js";

/** The pull request events that preview: the app subscribes to them, the Action adapts them. */
export const PREVIEW_EVENTS = [
  "pull_request.opened",
  "pull_request.synchronize",
  "pull_request.reopened",
  "pull_request.ready_for_review",
] as const;

type PreviewEvent = (typeof PREVIEW_EVENTS)[number];

/**
 * A pull request was opened, pushed to, reopened or marked ready: preview on its head commit what
 * merging it files ("Postmortem action items" check run), if it touches a postmortem. The Action
 * chooses where the preview goes (`publish`) and which config file is read (`configPath`).
 */
export function onPullRequestPreview(
  botLogin: () => Promise<string>,
  today: () => string,
  options: { publish?: PreviewPublish; configPath?: string } = {},
) {
  return async (context: Context<PreviewEvent>): Promise<PreviewReport | null> => {
    const { pull_request: pr, repository } = context.payload;
    return previewPullRequest(
      context,
      {
        repo: { owner: repository.owner.login, repo: repository.name },
        repoUrl: repository.html_url,
        defaultBranch: repository.default_branch,
        baseRef: pr.base.ref,
        publish: options.publish ?? "check-run",
        configPath: options.configPath,
      },
      {
        number: pr.number,
        headSha: pr.head.sha,
        author: pr.user?.login ?? null,
        current: pr.state === "open",
      },
      botLogin,
      today(),
    );
  };
}
