/**
 * Moves the deadline of an action-item issue the app filed: the hidden item marker (which the
 * digest reads) and the visible `- **Due:**` line of templates/issue-body.hbs. Pure.
 */

const MARKER = /<!-- postmortem-tracker:v\d{1,6} [A-Za-z0-9_-]+ -->/g;
const DUE_LINE = /^- \*\*Due:\*\* [^\n]*$/m;

/**
 * The body with its last marker replaced by `markerLine` and its due line by `dueLine` (a body
 * whose due line a human removed keeps none). Null when the body holds no marker at all.
 */
export function replaceItemDue(body: string, markerLine: string, dueLine: string): string | null {
  const markers = [...body.matchAll(MARKER)];
  const last = markers.at(-1);
  if (last === undefined) return null;
  const start = last.index;
  const withMarker = `${body.slice(0, start)}${markerLine}${body.slice(start + last[0].length)}`;
  // A function replacement: `$` in the rendered line must not be read as a pattern.
  return withMarker.replace(DUE_LINE, () => dueLine);
}
