import type { Context } from "probot";
import { syncRepository } from "../jobs/sync-repository.js";
import { trustInRepo } from "./app-identity.js";

type InstallationContext = Context<"installation.created" | "installation_repositories.added">;

/**
 * The app was installed on repositories: file the items of their recent postmortems (within
 * config `backfillDays`; older ones only with `postmortem-tracker sync --backfill`).
 */
export function onInstallation(botLogin: () => Promise<string>, today: () => string) {
  return async (context: InstallationContext): Promise<void> => {
    const { payload } = context;
    const repos =
      "repositories_added" in payload ? payload.repositories_added : (payload.repositories ?? []);
    const webUrl =
      payload.installation.account?.html_url.replace(/\/[^/]+$/, "") ?? "https://github.com";
    for (const { full_name } of repos) {
      const [owner = "", repo = ""] = full_name.split("/");
      const log = context.log.child({ repo: full_name });
      const report = await syncRepository(
        context.octokit,
        { owner, repo },
        {
          trust: trustInRepo(context.octokit, { owner, repo }, botLogin),
          repoUrl: `${webUrl}/${full_name}`,
        },
        log,
        { backfill: false, dryRun: false, today: today() },
      );
      if (report.error !== null)
        log.warn({ error: report.error }, "invalid config: nothing filed on install");
      else log.info({ postmortems: report.postmortems.length }, "synced postmortems on install");
    }
  };
}
