import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { inCheckout } from "./checkout.js";

export interface CorpusDocument {
  /** Path relative to the corpus directory. */
  name: string;
  text: string;
  bytes: number;
}

export interface Corpus {
  dir: string;
  documents: CorpusDocument[];
  /** Markdown files left out because they document the corpus rather than belong to it. */
  skipped: string[];
}

/** ../shared/corpus relative to the repository root, from any working directory. */
export function defaultCorpusDir(): string {
  return inCheckout("../shared/corpus");
}

// README.md, LABELING.md…: the corpus's own documentation sits beside the postmortems.
const DOCUMENTATION = /^[A-Z][A-Z0-9_-]*\.md$/;

/** Every .md file under `dir`, recursively, in a stable order; throws when `dir` is unreadable. */
export function loadCorpus(dir: string): Corpus {
  const documents: CorpusDocument[] = [];
  const skipped: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder).sort()) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (!entry.endsWith(".md")) continue;
      else if (DOCUMENTATION.test(entry)) skipped.push(relative(dir, path));
      else {
        const text = readFileSync(path, "utf8");
        documents.push({ name: relative(dir, path), text, bytes: Buffer.byteLength(text) });
      }
    }
  };
  walk(dir);
  return { dir, documents, skipped };
}
