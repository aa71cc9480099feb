/**
 * Ticks and unticks one filed item in a tracking issue body, as rendered by
 * templates/tracking-issue.hbs (`- [ ] #12` / `- [x] #12`), and recounts its "N closed, M open"
 * line. The result is exactly what the sync would render with the new state (a property test
 * holds the two together), so a later sync finds nothing to rewrite.
 *
 * Pure: the body in, the body out. Only the app's own tracking issue may be given.
 */

const FILED = /^- \[( |x)\] #(\d+)(\r?)$/;
const COUNTS = /^(\d+ action items?: )(\d+) closed, (\d+) open/;

/**
 * The body with issue `issueNumber` shown closed or open; null when the body lists no such filed
 * item (it belongs to another postmortem, or is "already tracked" rather than filed). Returns
 * the same string when nothing changes.
 */
export function setItemClosed(body: string, issueNumber: number, closed: boolean): string | null {
  const lines = body.split("\n");
  let found = false;
  let open = 0;
  let done = 0;
  for (const [index, line] of lines.entries()) {
    const m = FILED.exec(line);
    if (m === null) continue;
    let isClosed = m[1] === "x";
    if (Number(m[2]) === issueNumber) {
      found = true;
      isClosed = closed;
      lines[index] = `- [${closed ? "x" : " "}] #${issueNumber}${m[3] ?? ""}`;
    }
    if (isClosed) done += 1;
    else open += 1;
  }
  if (!found) return null;
  for (const [index, line] of lines.entries()) {
    const m = COUNTS.exec(line);
    if (m === null) continue;
    lines[index] = `${m[1] ?? ""}${done} closed, ${open} open${line.slice(m[0].length)}`;
    break;
  }
  return lines.join("\n");
}
