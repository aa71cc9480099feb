import { z } from "zod";
import { parseIsoDay } from "./calendar-date.js";
import type { Marker } from "./tracked-issue.js";
import { PRIORITIES } from "./types.js";

/**
 * The hidden, versioned metadata line the app writes into the issues it files:
 *
 *     <!-- postmortem-tracker:v1 eyJ2IjoxLCJraW5kIjoiaXRlbSIs… -->
 *
 * The payload is the marker as JSON, base64url-encoded: its alphabet (`A-Z a-z 0-9 - _`) can
 * neither close the HTML comment nor be read as markdown, whatever the path or key contains.
 *
 * **Trust is the caller's job.** Anyone can paste a marker into an issue they write, and anyone with
 * triage access can edit one. Read markers only from issues authored by the app itself
 * (`TrackedIssue.author`), never from arbitrary issues or comments.
 */

const PREFIX = "postmortem-tracker:v";
const VERSION = 1;

/** Any marker-shaped comment of any version; the version and payload are checked after. */
const MARKER_PATTERN = /<!-- postmortem-tracker:v(\d{1,6}) ([A-Za-z0-9_-]+) -->/g;

const isoDay = z
  .string()
  .refine((value) => parseIsoDay(value) !== null, { error: "not a YYYY-MM-DD date" });
const nonEmpty = z.string().min(1).max(4096);

const itemMarkerSchema = z.object({
  v: z.literal(VERSION),
  kind: z.literal("item"),
  path: nonEmpty,
  key: nonEmpty,
  due: isoDay,
  priority: z.enum(PRIORITIES),
  docDue: isoDay.optional(),
});

const trackingMarkerSchema = z.object({
  v: z.literal(VERSION),
  kind: z.literal("tracking"),
  path: nonEmpty,
  pr: z.int().positive().nullable(),
});

const summaryMarkerSchema = z.object({
  v: z.literal(VERSION),
  kind: z.literal("summary"),
  pr: z.int().positive(),
});

const digestMarkerSchema = z.object({
  v: z.literal(VERSION),
  kind: z.literal("digest"),
  adopted: z
    .array(
      z.object({
        number: z.int().positive(),
        due: isoDay,
        priority: z.enum(PRIORITIES),
        since: isoDay,
      }),
    )
    .max(10_000),
});

const digestWeekMarkerSchema = z.object({
  v: z.literal(VERSION),
  kind: z.literal("digest-week"),
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  nudged: z.array(z.int().positive()).max(10_000).optional(),
});

/** Unknown fields are dropped (a newer v1 writer may add some); unknown kinds fail the union. */
const markerSchema = z.discriminatedUnion("kind", [
  itemMarkerSchema,
  trackingMarkerSchema,
  summaryMarkerSchema,
  digestMarkerSchema,
  digestWeekMarkerSchema,
]);

/**
 * The marker as one hidden HTML comment line (no newline). Throws on an invalid marker: writing
 * one that {@link readMarkers} would later ignore would silently create duplicates.
 */
export function renderMarker(marker: Marker): string {
  const checked = markerSchema.parse(marker);
  const payload = Buffer.from(JSON.stringify(checked), "utf8").toString("base64url");
  return `<!-- ${PREFIX}${VERSION} ${payload} -->`;
}

/**
 * Every valid marker in `body`, in order of appearance. Comments with an unknown version, an
 * unknown kind or a corrupt payload are skipped; this never throws.
 *
 * Only trust the result for issues authored by the app (see the module comment).
 */
export function readMarkers(body: string | null | undefined): Marker[] {
  if (typeof body !== "string" || !body.includes(PREFIX)) return [];
  const markers: Marker[] = [];
  for (const match of body.matchAll(MARKER_PATTERN)) {
    if (Number(match[1]) !== VERSION) continue;
    const marker = decodePayload(match[2] ?? "");
    if (marker !== null) markers.push(marker);
  }
  return markers;
}

/**
 * The marker of the given kind, or null. The app writes exactly one marker, as the last line of
 * the body; if a body somehow holds several of the kind, the last one wins.
 *
 * Only trust the result for issues authored by the app (see the module comment).
 */
export function readMarker<K extends Marker["kind"]>(
  body: string | null | undefined,
  kind: K,
): Extract<Marker, { kind: K }> | null {
  const found = readMarkers(body).filter(
    (marker): marker is Extract<Marker, { kind: K }> => marker.kind === kind,
  );
  return found.at(-1) ?? null;
}

function decodePayload(payload: string): Marker | null {
  // Node's decoder is lenient (it skips what it cannot read); re-encoding rejects such payloads.
  const bytes = Buffer.from(payload, "base64url");
  if (bytes.toString("base64url") !== payload) return null;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
  const result = markerSchema.safeParse(json);
  return result.success ? result.data : null;
}
