import type { Logger } from "probot";
import { getAppIdentity, listInstallationRepos, listInstallations } from "../github/gateway.js";
import type { AppClients } from "./run-digest.js";
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
  const appClient = await clients.app();
  const { botLogin } = await getAppIdentity(appClient);
  const reports: RepoSyncReport[] = [];
  for (const installation of await listInstallations(appClient)) {
    if (installation.suspended) continue;
    const client = await clients.installation(installation.id);
    for (const repo of await listInstallationRepos(client)) {
      const name = `${repo.owner}/${repo.repo}`;
      if (repo.readOnly) continue;
      const repoLog = log.child({ repo: name });
      try {
        reports.push(
          await syncRepository(client, repo, { botLogin, repoUrl: repo.url }, repoLog, options),
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        repoLog.error({ err: error }, "reconcile failed");
        reports.push({ repo: name, error: message, postmortems: [] });
      }
    }
  }
  return reports;
}
