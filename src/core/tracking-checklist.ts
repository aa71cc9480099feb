/**
 * Ticks and unticks one filed item in a tracking issue body, as rendered by
 * templates/tracking-issue.hbs (`- [ ] #12`, `- [x] #12`, `- [x] #12 (won't do)`), and recounts
 * its "N closed (W won't do), M open" line. The result is exactly what the sync would render with the new state (a property test
 * holds the two together), so a later sync finds nothing to rewrite.
 *
 * Pure: the body in, the body out. Only the app's own tracking issue may be given.
 */

const FILED = /^- \[( |x)\] #(\d+)( \(won't do\))?(\r?)$/;
const COUNTS = /^(\d+ action items?: )(\d+) closed(?: \(\d+ won't do\))?, (\d+) open/;

/** An item's state as the tracking issue shows it. */
export interface ChecklistState {
  closed: boolean;
  /** Closed as not planned. */
  wontDo: boolean;
}

/**
 * The body with issue `issueNumber` shown closed or open; null when the body lists no such filed
 * item (it belongs to another postmortem, or is "already tracked" rather than filed). Returns
 * the same string when nothing changes.
 */
export function setItemState(
  body: string,
  issueNumber: number,
  state: ChecklistState,
): string | null {
  const lines = body.split("\n");
  let found = false;
  let open = 0;
  let done = 0;
  let wontDo = 0;
  for (const [index, line] of lines.entries()) {
    const m = FILED.exec(line);
    if (m === null) continue;
    let now: ChecklistState = { closed: m[1] === "x", wontDo: m[3] !== undefined };
    if (Number(m[2]) === issueNumber) {
      found = true;
      now = { closed: state.closed, wontDo: state.closed && state.wontDo };
      const tag = now.wontDo ? " (won't do)" : "";
      lines[index] = `- [${now.closed ? "x" : " "}] #${issueNumber}${tag}${m[4] ?? ""}`;
    }
    if (now.closed) done += 1;
    else open += 1;
    if (now.closed && now.wontDo) wontDo += 1;
  }
  if (!found) return null;
  for (const [index, line] of lines.entries()) {
    const m = COUNTS.exec(line);
    if (m === null) continue;
    const notPlanned = wontDo > 0 ? ` (${wontDo} won't do)` : "";
    lines[index] =
      `${m[1] ?? ""}${done} closed${notPlanned}, ${open} open${line.slice(m[0].length)}`;
    break;
  }
  return lines.join("\n");
}
