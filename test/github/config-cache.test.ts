import { describe, expect, it } from "vitest";
import type { GitHubClient } from "../../src/github/client.js";
import {
  installationListing,
  memoryConfigCache,
  readRepoConfigCached,
} from "../../src/github/config-cache.js";
import type { Installation, InstallationRepo } from "../../src/github/gateway-installations.js";

const FILE = "postmortem-tracker.yml";
const PATH = `.github/${FILE}`;
const T1 = "2026-11-30T09:00:00Z";
const T2 = "2026-11-30T10:30:00Z";

const repo = (
  name: string,
  pushedAt: string | null = T1,
  defaultBranch = "main",
): InstallationRepo => ({
  owner: "acme",
  repo: name,
  url: `https://github.com/acme/${name}`,
  readOnly: false,
  defaultBranch,
  pushedAt,
  openIssues: 0,
});

/** A file as @probot/octokit-plugin-config lists it in `files` (config null: a 404). */
interface PluginFile {
  owner: string;
  repo: string;
  path: string;
  url: string;
  config: Record<string, unknown> | null;
}
const file = (
  name: string,
  config: Record<string, unknown> | null,
  owner = "acme",
): PluginFile => ({
  owner,
  repo: name,
  path: PATH,
  url: `https://api.github.com/repos/${owner}/${name}/contents/${PATH}`,
  config,
});

/** What `client.config.get` answers, call after call (an Error is thrown). */
type Answer = { config: Record<string, unknown>; files: PluginFile[] } | Error;

function fakeClient(answers: Answer[]) {
  const calls: string[] = [];
  const client = {
    config: {
      get: ({ owner, repo: name }: { owner: string; repo: string }) => {
        calls.push(`${owner}/${name}`);
        const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
        if (answer === undefined) return Promise.reject(new Error("no answer"));
        if (answer instanceof Error) return Promise.reject(answer);
        return Promise.resolve(structuredClone(answer));
      },
    },
  } as unknown as GitHubClient;
  return { client, calls };
}

type Selection = Installation["repositorySelection"];
interface Listing {
  selection: Selection;
  /** The repository swept. */
  target: InstallationRepo;
  /** The owner's `.github`, when the installation lists it. */
  dotGithub?: InstallationRepo;
}

const own = { config: { nudges: true }, files: [file("svc", { nudges: true })] };
const none = { config: {}, files: [file("svc", null), file(".github", null)] };
const fromOwner = {
  config: { nudges: true },
  files: [file("svc", null), file(".github", { nudges: true })],
};
const extendsOther = {
  config: { nudges: true },
  files: [file("svc", { digest: { hour: 9 } }), file("shared", { nudges: true }, "platform")],
};
const ownerExtends = {
  config: { nudges: true },
  files: [file("svc", null), file(".github", {}), file("shared", { nudges: true }, "platform")],
};
const ownerExtendsToOwnDotGithub = {
  config: { nudges: true },
  files: [file("svc", { a: 1 }), file(".github", { nudges: true })],
};

interface Case {
  name: string;
  answers: Answer[];
  first: Listing;
  second: Listing;
  /** Reads (`client.config.get` calls) over the two sweeps. */
  reads: number;
}

const svc = repo("svc");
const dotGithub = repo(".github");

const cases: Case[] = [
  {
    name: "own file, pushed_at unchanged: no second read",
    answers: [own],
    first: { selection: "selected", target: svc },
    second: { selection: "selected", target: svc },
    reads: 1,
  },
  {
    name: "own file, pushed_at moved: read again",
    answers: [own],
    first: { selection: "selected", target: svc },
    second: { selection: "selected", target: repo("svc", T2) },
    reads: 2,
  },
  {
    name: "own file, default branch changed: read again",
    answers: [own],
    first: { selection: "selected", target: svc },
    second: { selection: "selected", target: repo("svc", T1, "trunk") },
    reads: 2,
  },
  {
    name: "no pushed_at in the listing: read every time",
    answers: [own],
    first: { selection: "all", target: repo("svc", null) },
    second: { selection: "all", target: repo("svc", null) },
    reads: 2,
  },
  {
    name: "no file anywhere, the owner's .github listed and unchanged: no second read",
    answers: [none],
    first: { selection: "selected", target: svc, dotGithub },
    second: { selection: "selected", target: svc, dotGithub },
    reads: 1,
  },
  {
    name: "the owner's file, its .github listed and unchanged: no second read",
    answers: [fromOwner],
    first: { selection: "selected", target: svc, dotGithub },
    second: { selection: "selected", target: svc, dotGithub },
    reads: 1,
  },
  {
    name: "the owner's file, its .github pushed_at moved: read again",
    answers: [fromOwner],
    first: { selection: "selected", target: svc, dotGithub },
    second: { selection: "selected", target: svc, dotGithub: repo(".github", T2) },
    reads: 2,
  },
  {
    name: "the owner's file, its .github default branch changed: read again",
    answers: [fromOwner],
    first: { selection: "selected", target: svc, dotGithub },
    second: { selection: "selected", target: svc, dotGithub: repo(".github", T1, "trunk") },
    reads: 2,
  },
  {
    name: "no file, all repositories and no .github listed: no second read",
    answers: [none],
    first: { selection: "all", target: svc },
    second: { selection: "all", target: svc },
    reads: 1,
  },
  {
    name: "no file, all repositories, a .github created since: read again",
    answers: [none],
    first: { selection: "all", target: svc },
    second: { selection: "all", target: svc, dotGithub },
    reads: 2,
  },
  {
    name: "no file, selected repositories without .github (a public one is readable): read every time",
    answers: [none],
    first: { selection: "selected", target: svc },
    second: { selection: "selected", target: svc },
    reads: 2,
  },
  {
    name: "no file, selection unknown and no .github listed: read every time",
    answers: [none],
    first: { selection: null, target: svc },
    second: { selection: null, target: svc },
    reads: 2,
  },
  {
    name: "own file with _extends to another repository: read every time",
    answers: [extendsOther],
    first: { selection: "all", target: svc, dotGithub },
    second: { selection: "all", target: svc, dotGithub },
    reads: 2,
  },
  {
    name: "own file with _extends to the owner's .github: read every time",
    answers: [ownerExtendsToOwnDotGithub],
    first: { selection: "all", target: svc, dotGithub },
    second: { selection: "all", target: svc, dotGithub },
    reads: 2,
  },
  {
    name: "the owner's file with _extends: read every time",
    answers: [ownerExtends],
    first: { selection: "all", target: svc, dotGithub },
    second: { selection: "all", target: svc, dotGithub },
    reads: 2,
  },
  {
    name: "an error is not cached: the next sweep reads, and keeps that clean read",
    answers: [new Error("502 Bad Gateway"), own],
    first: { selection: "all", target: svc },
    second: { selection: "all", target: svc },
    reads: 2,
  },
  {
    name: "the .github repository itself without the file: no second read",
    answers: [{ config: {}, files: [file(".github", null)] }],
    first: { selection: "selected", target: dotGithub, dotGithub },
    second: { selection: "selected", target: dotGithub, dotGithub },
    reads: 1,
  },
];

async function sweepOnce(
  client: GitHubClient,
  cache: ReturnType<typeof memoryConfigCache>,
  listing: Listing,
) {
  const repos = [listing.target, ...(listing.dotGithub === undefined ? [] : [listing.dotGithub])];
  const inst = installationListing({ repositorySelection: listing.selection }, repos);
  return readRepoConfigCached(client, listing.target, PATH, cache, inst).catch((e: unknown) => e);
}

describe("readRepoConfigCached: when a config read is reused", () => {
  it.each(cases)("$name", async ({ answers, first, second, reads }) => {
    const { client, calls } = fakeClient(answers);
    const cache = memoryConfigCache();
    const a = await sweepOnce(client, cache, first);
    const b = await sweepOnce(client, cache, second);
    expect(calls).toHaveLength(reads);
    // Whatever was cached, the second sweep sees what a read would have given.
    const last = answers[answers.length - 1];
    if (last !== undefined && !(last instanceof Error)) {
      const expected = last.files.every((f) => f.config === null) ? null : last.config;
      expect(b).toEqual(expected);
      if (!(answers[0] instanceof Error)) expect(a).toEqual(expected);
    }
  });

  it("after an error, the next clean read is kept", async () => {
    const { client, calls } = fakeClient([new Error("502 Bad Gateway"), own]);
    const cache = memoryConfigCache();
    const listing: Listing = { selection: "all", target: svc };
    await expect(sweepOnce(client, cache, listing)).resolves.toBeInstanceOf(Error);
    expect(cache.size).toBe(0);
    await sweepOnce(client, cache, listing);
    await sweepOnce(client, cache, listing);
    expect(calls).toHaveLength(2);
  });

  it("gives a copy: a caller changing the config does not change the cache", async () => {
    const { client } = fakeClient([own]);
    const cache = memoryConfigCache();
    const listing: Listing = { selection: "all", target: svc };
    const a = (await sweepOnce(client, cache, listing)) as Record<string, unknown>;
    a.nudges = false;
    expect(await sweepOnce(client, cache, listing)).toEqual({ nudges: true });
  });
});

describe("memoryConfigCache", () => {
  it("keeps at most its size, dropping the least recently used", () => {
    const cache = memoryConfigCache(2);
    const entry = {
      config: null,
      pushedAt: T1,
      defaultBranch: "main",
      owner: { kind: "absent" as const },
    };
    cache.set("a", entry);
    cache.set("b", entry);
    cache.get("a");
    cache.set("c", entry);
    expect(cache.size).toBe(2);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(entry);
    expect(cache.get("c")).toBe(entry);
  });
});
