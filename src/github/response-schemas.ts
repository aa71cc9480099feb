import { z } from "zod";

/*
 * The fields of GitHub's responses that the app relies on, checked where they enter the app.
 * Only these fields are parsed (zod strips the rest), so a change GitHub makes elsewhere in a
 * payload cannot break us, and a change to one of these fails loudly at the boundary.
 */

/** `user` is null for some deleted accounts; the app treats that author as "ghost", as GitHub's UI does. */
const userSchema = z.object({ login: z.string() }).nullable();

/**
 * An author with its account type: "Bot" (apps, GitHub Actions), "User", "Organization"… Whose
 * markers count depends on it (tracker-trust.ts).
 */
const authorSchema = z.object({ login: z.string(), type: z.string() }).nullable();

/** Issue responses carry label objects; the OpenAPI description also allows bare names. */
const labelRefSchema = z.union([
  z.string().transform((name) => ({ name, color: null })),
  z.object({ name: z.string(), color: z.string().nullish().default(null) }),
]);

export const issueSchema = z.object({
  id: z.number(),
  number: z.number(),
  title: z.string(),
  body: z.string().nullish(),
  state: z.enum(["open", "closed"]),
  state_reason: z.string().nullish(),
  user: authorSchema,
  assignees: z.array(z.object({ login: z.string() })).nullish(),
  labels: z.array(labelRefSchema),
  html_url: z.string(),
  created_at: z.string(),
  /** Tells the digest whether its issue got any comment this week. */
  updated_at: z.string(),
  closed_at: z.string().nullish(),
  /** Present only on pull requests, which the issues endpoints also return. */
  pull_request: z.unknown().optional(),
});
export type IssueResponse = z.output<typeof issueSchema>;

export const commentSchema = z.object({
  id: z.number(),
  body: z.string().nullish(),
  user: authorSchema,
  html_url: z.string(),
  created_at: z.string(),
});

export const labelSchema = z.object({
  name: z.string(),
  color: z.string(),
  description: z.string().nullish(),
});

export const appSchema = z.object({ slug: z.string() });

export const tokenUserSchema = z.object({ login: z.string() });

export const repositorySchema = z.object({ default_branch: z.string() });

export const branchSchema = z.object({ commit: z.object({ sha: z.string() }) });

export const associatedPullSchema = z.object({
  number: z.number().int(),
  merged_at: z.string().nullable(),
  user: userSchema,
  base: z.object({ ref: z.string() }),
});

export const pullFileSchema = z.object({
  filename: z.string(),
  status: z.string(),
  previous_filename: z.string().nullish(),
});

export const treeSchema = z.object({
  truncated: z.boolean(),
  tree: z.array(z.object({ path: z.string(), type: z.string() })),
});

export const commitSchema = z.object({
  sha: z.string(),
  commit: z.object({
    committer: z.object({ date: z.string().nullish() }).nullish(),
    author: z.object({ date: z.string().nullish() }).nullish(),
  }),
});

/** What the contents endpoint answers instead of raw text: a directory listing or one object. */
export const contentEntrySchema = z.object({ type: z.string() });

/**
 * GitHub's error body. `errors` entries are usually objects (`{resource, field, code, message}`)
 * but some endpoints send plain strings.
 */
export const errorBodySchema = z.object({
  message: z.string().optional(),
  errors: z
    .array(
      z.union([
        z.string().transform((message) => ({ message })),
        z.object({
          resource: z.string().optional(),
          field: z.string().optional(),
          code: z.string().optional(),
          message: z.string().optional(),
        }),
      ]),
    )
    .optional(),
});
export type GitHubErrorDetail = NonNullable<z.output<typeof errorBodySchema>["errors"]>[number];

/** Thrown when a response lacks a field the app relies on: GitHub changed, or a mock is wrong. */
export class UnexpectedResponseError extends Error {
  override readonly name = "UnexpectedResponseError";
}

/** Parses `data` with `schema`, naming the endpoint in the error so a failure is traceable. */
export function parseResponse<T extends z.ZodType>(
  schema: T,
  data: unknown,
  endpoint: string,
): z.output<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new UnexpectedResponseError(
    `Unexpected response from ${endpoint}:\n${z.prettifyError(result.error)}`,
    { cause: result.error },
  );
}

export const checkRunSchema = z.object({ id: z.number().int(), html_url: z.string().nullish() });

export const pullRequestSchema = z.object({
  number: z.number().int(),
  state: z.string(),
  user: userSchema,
  head: z.object({ sha: z.string() }),
  base: z.object({ ref: z.string() }),
});

export const collaboratorPermissionSchema = z.object({
  permission: z.string(),
  /** `admin`, `maintain`, `write`, `triage`, `read` or a custom role's name. */
  role_name: z.string(),
});

/** Who reacted and what kind of account it is: a bot's 👍 on a command is the tracker's answer. */
export const reactionSchema = z.object({
  id: z.number(),
  content: z.string(),
  user: authorSchema,
});

export const installationSchema = z.object({
  id: z.number().int(),
  account: userSchema,
  suspended_at: z.string().nullish(),
  /** "all" or "selected" (a string: a value GitHub adds later must not fail the listing). */
  repository_selection: z.string().optional(),
});

export const installationRepoSchema = z.object({
  name: z.string(),
  owner: z.object({ login: z.string() }),
  html_url: z.string(),
  archived: z.boolean().optional(),
  disabled: z.boolean().optional(),
  default_branch: z.string().optional(),
  /** Null for a repository nobody pushed to yet. */
  pushed_at: z.string().nullish(),
  /** Open issues and pull requests together. */
  open_issues_count: z.number().int().nonnegative().optional(),
});
