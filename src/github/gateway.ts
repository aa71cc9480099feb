/*
 * The GitHub gateway: the only code in the app that calls Octokit. Every function takes the
 * client and the repository explicitly (an App serves many installations at once), parses the
 * response fields it relies on with zod (response-schemas.ts) and returns domain types.
 * Writes fail with `GitHubWriteError`, which says whether the write may still have happened.
 */
export { NO_RETRY, type GitHubClient, type RepoRef } from "./client.js";
export {
  GitHubWriteError,
  isUnassignableError,
  NotAFileError,
  type GitHubErrorDetail,
  type WriteOutcome,
} from "./errors.js";
export { UnexpectedResponseError } from "./response-schemas.js";
export {
  getAppIdentity,
  getRepoInstallationId,
  readTokenUser,
  type AppIdentity,
} from "./gateway-identity.js";
export {
  findMergedPullForCommit,
  getBranchHead,
  getDefaultBranch,
  getFileText,
  getLastCommit,
  listPullFiles,
  listTreePaths,
  readRepoConfig,
  type MergedPull,
  type PullFile,
  type TreePaths,
} from "./gateway-contents.js";
export {
  addSubIssue,
  canBeAssigned,
  closeIssue,
  createIssue,
  listIssuesBy,
  updateIssue,
  type CreatedIssue,
  type IssuePatch,
  type IssueStateReason,
  type NewIssue,
  type IssueListFilter,
} from "./gateway-issues.js";
export {
  createComment,
  deleteComment,
  listComments,
  updateComment,
  type CommentRef,
  type IssueComment,
} from "./gateway-comments.js";
export {
  createLabel,
  deleteLabel,
  getLabel,
  updateLabel,
  type Label,
  type NewLabel,
} from "./gateway-labels.js";
export {
  createCheckRun,
  getPullForCheck,
  MAX_ANNOTATIONS_PER_REQUEST,
  updateCheckRun,
  type CheckAnnotation,
  type CheckConclusion,
  type CheckOutput,
  type CheckRunRef,
  type NewCheckRun,
  type PullForCheck,
} from "./gateway-checks.js";
export { getRepoRole } from "./gateway-permissions.js";
export {
  listCommentReactions,
  reactToComment,
  type Reaction,
  type ReactionContent,
} from "./gateway-reactions.js";
export { readIssue } from "./gateway-digest-reads.js";
export {
  listInstallationRepos,
  listInstallations,
  type Installation,
  type InstallationRepo,
} from "./gateway-installations.js";
