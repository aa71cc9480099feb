/** The local GitHub for end-to-end tests and the demo; see server.ts. */
export {
  isInstallationsAccountFault,
  LocalGitHub,
  type LocalGitHubOptions,
  type RecordedRequest,
  type Violation,
} from "./server.js";
export { OpenApiValidator } from "./openapi-validator.js";
export type { FaultAction, FaultMatch, FaultRule, InjectedFault } from "./faults.js";
export type { Reply, Route, RouteContext } from "./route.js";
export { HttpError } from "./route.js";
export {
  WebhookSender,
  checkWebhookPayload,
  type Delivery,
  type WebhookEvent,
} from "./webhooks.js";
export { handled, startApp, type RunningApp, type StartAppOptions } from "./start-app.js";
export type { Account, Clock, GitHubState, Issue, Repository, Role } from "./state.js";
