import {
  getAppIdentity,
  listInstallationRepos,
  listInstallations,
  type GitHubClient,
  type InstallationRepo,
} from "../github/gateway.js";
import { makeAuthorTrust, type AuthorTrust } from "../github/tracker-trust.js";

/** How to act as the app (JWT) and as each of its installations. */
export interface AppClients {
  app: () => Promise<GitHubClient>;
  installation: (id: number) => Promise<GitHubClient>;
}

export interface AppRepository {
  /** The installation's client. */
  client: GitHubClient;
  repo: InstallationRepo;
  /** `owner/name`. */
  name: string;
  /** Whose markers count in this repository (tracker-trust.ts). */
  trust: AuthorTrust;
}

/**
 * Every writable repository of every active installation, one at a time (so each
 * installation's write queue spaces the writes): what `--all` and the in-process schedulers
 * walk. Suspended installations and archived or disabled repositories are left out.
 */
export async function* eachAppRepository(clients: AppClients): AsyncGenerator<AppRepository> {
  const appClient = await clients.app();
  const { botLogin } = await getAppIdentity(appClient);
  for (const installation of await listInstallations(appClient)) {
    if (installation.suspended) continue;
    const client = await clients.installation(installation.id);
    for (const repo of await listInstallationRepos(client)) {
      if (repo.readOnly) continue;
      const trust = makeAuthorTrust(client, repo, botLogin);
      yield { client, repo, name: `${repo.owner}/${repo.repo}`, trust };
    }
  }
}
