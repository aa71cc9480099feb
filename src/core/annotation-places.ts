/**
 * Shared by the leading and trailing annotation readers: what was found so far, and how much
 * evidence an annotation needs depending on where it stands.
 */
import type { FoundOwner } from "./extract-owners.js";
import type { Annotation, FoundDue } from "./read-annotation.js";
import type { Priority } from "./types.js";

/** Where an annotation stands decides how much evidence it needs before it is believed. */
export type Place =
  | "square-leading"
  | "paren-interior"
  | "paren-trailing"
  | "square-edge"
  | "strong-tail"
  | "weak-tail"
  | "leading-colon";

export interface Findings {
  owners: FoundOwner[];
  dues: FoundDue[];
  priorities: { at: number; priority: Priority }[];
  done: boolean;
}

export const BRACKET_LIMIT = 200;

export function skipSpaces(scan: string, at: number): number {
  let i = at;
  while (i < scan.length && /\s/.test(scan.charAt(i))) i += 1;
  return i;
}

export function accept(annotation: Annotation | null, place: Place): annotation is Annotation {
  if (!annotation) return false;
  const { strong, weakNames, weakDates, weakPriorities, fillers } = annotation;
  if (strong + weakNames + weakDates + weakPriorities === 0) return false;
  switch (place) {
    case "weak-tail":
      return strong > 0 && weakNames + weakDates + weakPriorities === 0;
    case "leading-colon":
      return (strong > 0 || weakPriorities > 0) && weakNames + weakDates + fillers === 0;
    case "square-leading":
      // "[2023-11-20] Database CPU spike" is a date stamp, not a deadline.
      return weakDates === 0;
    case "paren-interior":
      return strong > 0 || weakPriorities > 0;
    case "paren-trailing":
    case "strong-tail":
      // A bare name needs company: "— Alice, 2026-12-01" yes, "- Alice" or "(Postgres)" no.
      return strong + weakDates + weakPriorities > 0;
    case "square-edge":
      return true;
  }
}

export function merge(findings: Findings, annotation: Annotation): void {
  findings.owners.push(...annotation.owners);
  findings.dues.push(...annotation.dues);
  findings.priorities.push(...annotation.priorities);
  if (annotation.statuses.some((s) => s.done)) findings.done = true;
}

/** Offset of the bracket closing the one at `open` on the same line, or -1. */
export function findClose(scan: string, open: number, limit: number): number {
  const closer = scan[open] === "(" ? ")" : "]";
  const opener = scan[open];
  const stop = Math.min(limit, open + BRACKET_LIMIT);
  for (let i = open + 1; i < stop; i += 1) {
    const ch = scan[i];
    if (ch === closer) return i;
    if (ch === opener || ch === "\n") return -1;
  }
  return -1;
}

/** Offset of the bracket opening the one closing at `close`, not before `floor`, or -1. */
export function findOpen(scan: string, close: number, floor: number): number {
  const opener = scan[close] === ")" ? "(" : "[";
  const closer = scan[close];
  const stop = Math.max(floor, close - BRACKET_LIMIT);
  for (let i = close - 1; i >= stop; i -= 1) {
    const ch = scan[i];
    if (ch === opener) return i;
    if (ch === closer) return -1;
  }
  return -1;
}
