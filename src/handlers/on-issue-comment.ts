import type { Context } from "probot";
import { loadConfig } from "../config/load-config.js";
import { parseCommand } from "../core/parse-command.js";
import { createComment, listCommentReactions, reactToComment } from "../github/gateway.js";
import { isAnswered, REPLIED, runCommand, type CommandOutcome } from "../github/run-command.js";
import { renderCommandReply } from "../render/render.js";
import { trustInRepo } from "./app-identity.js";

/**
 * Slash commands (`/due`, `/snooze`, `/wontfix`, `/owner`) in comments on issues. Comments
 * without a command, on pull requests, or written by a bot (the app included) cost no request.
 * A comment the tracker has already answered (its 👍 or 😕, by any bot account or by this run's
 * own login: run-command.ts) was handled: a redelivery, or a re-run of the Action with any
 * token, does nothing.
 * Resolves to how the command ended, or null when no command was run. `configPath` (the
 * Action's input) is read instead of the app's config file.
 */
export function onIssueComment(
  botLogin: () => Promise<string>,
  today: () => string,
  options: { configPath?: string } = {},
) {
  return async (context: Context<"issue_comment.created">): Promise<CommandOutcome | null> => {
    const { comment, issue, repository } = context.payload;
    if (issue.pull_request !== undefined) return null;
    const command = parseCommand(comment.body);
    if (command === null) return null;
    const log = context.log.child({
      repo: repository.full_name,
      issue: issue.number,
      comment: comment.id,
      command: command.name,
    });
    if (comment.user?.type === "Bot") {
      log.debug({ author: comment.user.login }, "command written by a bot; ignored");
      return null;
    }
    const author = comment.user?.login;
    if (author === undefined) return null;
    const repo = { owner: repository.owner.login, repo: repository.name };
    const bot = await botLogin();
    const reactions = await listCommentReactions(context.octokit, repo, comment.id);
    if (isAnswered(reactions, bot)) {
      log.debug("already answered (the tracker's reaction is there); nothing to do");
      return null;
    }
    const config = await loadConfig(context, options.configPath);
    if (!config.ok) {
      log.warn({ error: config.error }, "invalid config: command not run");
      await createComment(
        context.octokit,
        repo,
        issue.number,
        renderCommandReply({
          kind: "invalid-config",
          command: command.name,
          file: config.source,
        }),
      );
      await reactToComment(context.octokit, repo, comment.id, REPLIED);
      return "failed";
    }
    return runCommand(
      {
        client: context.octokit,
        repo,
        repoUrl: repository.html_url,
        trust: trustInRepo(context.octokit, repo, botLogin),
        config: config.config,
        log,
      },
      {
        command,
        comment: { id: comment.id, url: comment.html_url, author },
        issue: {
          number: issue.number,
          author: issue.user.login,
          authorType: issue.user.type ?? "User",
          body: issue.body ?? "",
          assignees: issue.assignees.flatMap((a) => (a === null ? [] : [a.login])),
        },
        today: today(),
      },
    );
  };
}
