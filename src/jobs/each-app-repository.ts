import {
  installationListing,
  readRepoConfigCached,
  type ConfigCache,
} from "../github/config-cache.js";
import {
  getAppIdentity,
  readRepoConfig,
  listInstallationRepos,
  listInstallations,
  type GitHubClient,
  type InstallationRepo,
} from "../github/gateway.js";
import { shareOwnerConfigReads } from "../github/share-owner-config-reads.js";
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
  /**
   * Reads the repository's `.github/<file>` config (readRepoConfig), through the sweep's config
   * cache when it was given one.
   */
  readConfig: (path: string) => Promise<Record<string, unknown> | null>;
}

export interface EachAppRepositoryOptions {
  /** Kept across sweeps (the digest scheduler's): config reads that cannot have changed are skipped. */
  configCache?: ConfigCache;
}

/**
 * Every writable repository of every active installation, one at a time (so each
 * installation's write queue spaces the writes): what `--all` and the in-process schedulers
 * walk. Suspended installations and archived or disabled repositories are left out. Within one
 * installation's walk, the owner's `.github` config is read once (share-owner-config-reads.ts).
 */
export async function* eachAppRepository(
  clients: AppClients,
  options: EachAppRepositoryOptions = {},
): AsyncGenerator<AppRepository> {
  const { configCache } = options;
  const appClient = await clients.app();
  const { botLogin } = await getAppIdentity(appClient);
  for (const installation of await listInstallations(appClient)) {
    if (installation.suspended) continue;
    const client = await clients.installation(installation.id);
    const repos = await listInstallationRepos(client);
    const listing = installationListing(installation, repos);
    const ownerConfig = shareOwnerConfigReads(client);
    try {
      for (const repo of repos) {
        if (repo.readOnly) continue;
        const trust = makeAuthorTrust(client, repo, botLogin);
        const readConfig = (path: string) =>
          configCache === undefined
            ? readRepoConfig(client, repo, path)
            : readRepoConfigCached(client, repo, path, configCache, listing);
        yield { client, repo, name: `${repo.owner}/${repo.repo}`, trust, readConfig };
      }
    } finally {
      ownerConfig.end();
    }
  }
}
