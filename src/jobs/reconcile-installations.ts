import type { Logger } from "probot";
import { eachAppRepository, type AppClients } from "./each-app-repository.js";
import { syncRepository, type RepoSyncOptions, type RepoSyncReport } from "./sync-repository.js";

/**
 * The reconcile of every repository of every installation (`sync --all` and the in-process
 * reconcile): heals deliveries the app missed while it was down or that failed. One repository
 * at a time, so the installation's write queue spaces the writes; a repository that fails is
 * reported and the sweep goes on.
 */
export async function reconcileInstallations(
  clients: AppClients,
  log: Logger,
  options: RepoSyncOptions,
): Promise<RepoSyncReport[]> {
  const reports: RepoSyncReport[] = [];
  for await (const { client, repo, name, trust } of eachAppRepository(clients)) {
    const repoLog = log.child({ repo: name });
    try {
      reports.push(
        await syncRepository(client, repo, { trust, repoUrl: repo.url }, repoLog, options),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      repoLog.error({ err: error }, "reconcile failed");
      reports.push({ repo: name, error: message, postmortems: [] });
    }
  }
  return reports;
}
