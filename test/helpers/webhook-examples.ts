import { createRequire } from "node:module";
import type { Probot } from "probot";

/** What `probot.receive` accepts: a delivery id, an event name and its payload. */
export type WebhookDelivery = Parameters<Probot["receive"]>[0];

interface WebhookDefinition {
  name: string;
  examples: { action?: string }[];
}

const require = createRequire(import.meta.url);

/**
 * A real payload from GitHub's documented examples (@octokit/webhooks-examples), as a delivery.
 * `index` picks among several examples of the same event and action.
 */
export function loadWebhookExample(
  name: string,
  action: string | null,
  { id = "test-delivery", index = 0 }: { id?: string; index?: number } = {},
): WebhookDelivery {
  const definitions = require("@octokit/webhooks-examples") as WebhookDefinition[];
  const examples =
    definitions
      .find((definition) => definition.name === name)
      ?.examples.filter((example) => action === null || example.action === action) ?? [];
  const payload = examples[index];
  if (payload === undefined) {
    throw new Error(`No webhook example ${name}${action === null ? "" : `.${action}`} #${index}`);
  }
  // The examples are JSON recorded from GitHub; Probot's types describe the same JSON.
  return { id, name, payload } as unknown as WebhookDelivery;
}
