import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import module from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * V8's compiled code for the CLI's script chunks, kept between runs, as Node 22's compile cache
 * keeps it for modules: Node 20 has no such cache, and Node's takes a module's code when it is
 * compiled, before it runs, when V8 has compiled little more than its top level. Ours is taken at
 * exit, so the next `plan` neither parses the chunk nor compiles the functions `plan` ran.
 *
 * Keyed by a digest of the chunk's content and by Node's version (V8 itself rejects data from
 * another V8 or other flags; the key spares us its weaker check of the source, its length only).
 * Off with NODE_DISABLE_COMPILE_CACHE=1, like Node's.
 */
export interface CodeCache {
  /** The data of an earlier run, if any. */
  data: Buffer | undefined;
  /** Keeps this data for the next runs (errors are ignored: it is only a cache). */
  save: (data: () => Buffer) => void;
}

/** Node 22.1+ (where the bin enabled Node's cache): the directory Node's cache is in. */
const nodeCacheDir = (module as { getCompileCacheDir?: () => string | undefined })
  .getCompileCacheDir;

export function openCodeCache(name: string, digest: string | undefined): CodeCache {
  const dir = digest === undefined ? null : cacheDir();
  if (dir === null || digest === undefined) return { data: undefined, save: () => undefined };
  const file = join(dir, `${name}-${process.version}-${process.arch}-${digest}`);
  let data: Buffer | undefined;
  try {
    data = readFileSync(file);
  } catch {
    data = undefined;
  }
  return {
    data,
    save: (produce) => {
      try {
        // Written aside and renamed: a run reading at the same time sees all of it or nothing.
        const partial = `${file}.${process.pid}`;
        writeFileSync(partial, produce(), { mode: 0o600 });
        renameSync(partial, file);
      } catch {
        // A read-only or full disk: the next run compiles again.
      }
    },
  };
}

/**
 * Our directory inside Node's cache directory (Node 22.1+), else inside the one Node would use;
 * null when caching is off or the directory is not ours alone. Compiled code runs as it is, so a
 * directory another user can write to must never be read.
 */
function cacheDir(): string | null {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return null;
  const dir = join(nodeCacheDir?.() ?? join(tmpdir(), "node-compile-cache"), "postmortem-tracker");
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = statSync(dir);
    const uid = process.getuid?.();
    if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o077) !== 0)) return null;
    return dir;
  } catch {
    return null;
  }
}
