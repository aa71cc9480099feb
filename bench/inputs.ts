/**
 * Inputs for the size and adversarial sections. Pure string builders, so the bench process and
 * its child processes build byte-identical documents.
 */

/** The merge date every run plans against, so relative deadlines resolve the same way. */
export const NOW = "2026-01-15";

export const KiB = 1024;
export const MiB = 1024 * KiB;

function utf8Length(text: string): number {
  return Buffer.byteLength(text);
}

/**
 * A realistic document of at most `targetBytes` UTF-8 bytes: whole postmortems, cycled, then the
 * leading lines of the next one. Whole documents keep their action-item sections, so the planner
 * does its full work; cutting on a line boundary keeps the last one well-formed.
 */
export function buildDocument(texts: readonly string[], targetBytes: number): string {
  if (texts.length === 0) throw new Error("buildDocument needs at least one document");
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; ; i = (i + 1) % texts.length) {
    const next = `${texts[i] ?? ""}\n\n`;
    const size = utf8Length(next);
    if (bytes + size <= targetBytes) {
      parts.push(next);
      bytes += size;
      continue;
    }
    for (const line of next.split("\n")) {
      const lineBytes = utf8Length(line) + 1;
      if (bytes + lineBytes > targetBytes) break;
      parts.push(`${line}\n`);
      bytes += lineBytes;
    }
    return parts.join("");
  }
}

/** `unit` repeated to exactly `length` characters. */
export function fill(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

export interface AdversarialCase {
  name: string;
  build: () => string;
}

const HEAD = "# Database outage\n\n## Action items\n\n";
const PROSE = "restart the cache cluster before the deploy and page the on-call engineer, ";

/**
 * Inputs that make regexes and recursive walks show their worst case. Sizes are chosen to expose
 * super-linear or unbounded behaviour without making the bench slow when there is none. The nesting
 * depths are just past what the planner survived when these were written, and short of where
 * remark-gfm's own tree walk overflows, so they show the planner's limit rather than remark's.
 */
export const ADVERSARIAL_CASES: readonly AdversarialCase[] = [
  { name: "1 MiB single line of prose, no newline", build: () => fill(PROSE, MiB) },
  { name: "1 MiB single action-item line", build: () => `${HEAD}- ${fill(PROSE, MiB)}\n` },
  {
    name: "nested list `- - - …` 2,500 deep",
    build: () => `${HEAD}${"- ".repeat(2500)}Add alerting\n`,
  },
  {
    name: "nested blockquote `> > > …` 5,000 deep",
    build: () => `${HEAD}${"> ".repeat(5000)}- Add alerting\n`,
  },
  { name: "100k `*` in an item", build: () => `${HEAD}- Fix ${"*".repeat(100_000)}\n` },
  { name: "100k `_` in an item", build: () => `${HEAD}- Fix ${"_".repeat(100_000)}\n` },
  { name: "100k `[` in an item", build: () => `${HEAD}- Fix ${"[".repeat(100_000)}\n` },
  {
    name: "1 MiB table, Owner/Due/Priority columns",
    build: () => {
      const rows = ["| Action | Owner | Due | Priority |", "| --- | --- | --- | --- |"];
      let size = HEAD.length;
      for (let i = 0; size < MiB; i++) {
        const row = `| Add alerting for queue ${i} | @alice | 2026-02-01 | P1 |`;
        rows.push(row);
        size += row.length + 1;
      }
      return `${HEAD}${rows.join("\n")}\n`;
    },
  },
  {
    name: "32 KiB of alternating fences and bullets",
    build: () => `${HEAD}${fill("```\n- Add alerting\n", 32 * KiB)}\n`,
  },
];
