import { PRIORITY_COLORS } from "./build-views.js";
import { updateLabel } from "./gateway.js";
import type { SyncCounts, SyncTarget } from "./sync-work.js";

// GitHub's colour for labels it creates on the fly when an issue names an unknown label.
const AUTO_COLOR = "ededed";
const TRACKING_COLOR = "5319e7";

/**
 * Returns a fixer that gives labels GitHub auto-created (grey, no description) our colour and
 * description: labels go in the create call, and only a repository's first issue pays for this.
 */
export function fixNewLabels(target: SyncTarget) {
  const fixed = new Set<string>();
  return async (colors: Record<string, string>, counts: SyncCounts): Promise<void> => {
    for (const [name, color] of Object.entries(colors)) {
      if (color.toLowerCase() !== AUTO_COLOR || fixed.has(name)) continue;
      fixed.add(name);
      const priority = /^priority: (P[0-3])$/.exec(name)?.[1];
      if (name === target.config.label.name) {
        await updateLabel(target.client, target.repo, name, {
          color: target.config.label.color,
          description: target.config.label.description,
        });
      } else if (name === target.config.trackingLabel) {
        await updateLabel(target.client, target.repo, name, {
          color: TRACKING_COLOR,
          description: "Tracking issue of a postmortem's action items",
        });
      } else if (priority !== undefined) {
        await updateLabel(target.client, target.repo, name, {
          color: PRIORITY_COLORS[priority] ?? AUTO_COLOR,
          description: `Postmortem action items of priority ${priority}`,
        });
      } else continue;
      counts.writes++;
    }
  };
}
