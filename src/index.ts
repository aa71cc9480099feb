import type { Probot } from "probot";
import { memoizeBotLogin } from "./handlers/app-identity.js";
import { onCheckRunRerequested } from "./handlers/on-check-run-rerequested.js";
import { onIssueComment } from "./handlers/on-issue-comment.js";
import { LIFECYCLE_EVENTS, onIssueLifecycle } from "./handlers/on-issue-lifecycle.js";
import { onInstallation } from "./handlers/on-installation.js";
import { onPullRequestClosed } from "./handlers/on-pull-request-closed.js";
import { onPullRequestPreview, PREVIEW_EVENTS } from "./handlers/on-pull-request-preview.js";
import { onPush } from "./handlers/on-push.js";
import { readPackageInfo } from "./read-package-info.js";

/** The Probot app. This file only wires events to handlers (src/handlers/); it holds no logic. */
export default (app: Probot): void => {
  const { name, version } = readPackageInfo();
  const botLogin = memoizeBotLogin(app);
  app.on("pull_request.closed", onPullRequestClosed(botLogin));
  app.on("push", onPush(botLogin));
  // The process clock is read here, at the edge, and handed to the handlers as a function.
  const today = () => new Date().toISOString().slice(0, 10);
  app.on(
    ["installation.created", "installation_repositories.added"],
    onInstallation(botLogin, today),
  );
  app.on([...PREVIEW_EVENTS], onPullRequestPreview(botLogin, today));
  app.on("check_run.rerequested", onCheckRunRerequested(botLogin, today));
  app.on([...LIFECYCLE_EVENTS], onIssueLifecycle(botLogin, today));
  app.on("issue_comment.created", onIssueComment(botLogin, today));
  app.log.info({ app: name, version }, "app loaded");
};
