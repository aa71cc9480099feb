import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { makeSweepMemory, readSweepMemoryState, type SweepMemory } from "../jobs/sweep-memory.js";

/**
 * `digest --all --due-only --state FILE`: what one hourly cron run of the sweep leaves for the
 * next (sweep-memory.ts), kept in a JSON file. A missing file is a first run; a file that cannot
 * be read or is not a state is reported on stderr and the run starts from nothing: it reads every
 * repository (a first sweep's points) and loses nothing.
 */
export async function loadSweepMemory(
  path: string,
  warn: (message: string) => void,
): Promise<SweepMemory> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT")
      warn(`--state ${path}: cannot be read (${describe(error)}); this run reads every repository`);
    return makeSweepMemory();
  }
  const read = readSweepMemoryState(text);
  if (!read.ok) {
    warn(`--state ${path}: ${read.reason}; this run reads every repository and replaces it`);
    return makeSweepMemory();
  }
  return makeSweepMemory(read.state);
}

/** Writes the memory to `path` whole or not at all (a temporary file, then a rename). */
export async function saveSweepMemory(path: string, memory: SweepMemory): Promise<void> {
  const temporary = `${path}.${String(process.pid)}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(memory.state())}\n`, "utf8");
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new Error(`--state ${path}: cannot be written (${describe(error)})`, { cause: error });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
