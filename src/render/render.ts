/**
 * Renders the markdown the app writes to GitHub, from the Handlebars templates in `templates/`.
 *
 * One isolated environment (`Handlebars.create()`): helpers and partials registered here exist
 * nowhere else. Templates compile once, on first use, with `noEscape` (the output is markdown, and
 * text helpers do the escaping, see helpers.ts), `strict` (a field missing from the view model
 * throws instead of rendering as nothing) and `knownHelpersOnly` (a misspelt helper fails).
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { readMarkers } from "../core/issue-marker.js";
import type { Marker } from "../core/tracked-issue.js";
import * as helpers from "./helpers.js";
import type {
  AdoptedView,
  AdoptionStoppedView,
  CommandDueLineView,
  CommandReplyView,
  CommandWontfixView,
} from "./view-models.js";
import type {
  CheckSummaryView,
  ConfigErrorView,
  DigestCommentView,
  DigestIssueView,
  DigestNudgeView,
  IssueBodyView,
  ItemDoneView,
  ItemDuplicateView,
  ItemRemovedView,
  PostmortemLinkView,
  PreviewCommentView,
  PrSummaryPostmortemView,
  PrSummaryView,
  TrackingBodyView,
} from "./view-models.js";

/**
 * `templates/` at the package root: two levels up from this module both as `src/render/render.ts`
 * (vitest) and as `lib/render/render.js` (after `tsc`). Shipped through package.json `files`.
 */
export const TEMPLATES_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));

/** GitHub rejects issue and comment bodies over 65,536 characters; keep some headroom. */
export const MAX_BODY_LENGTH = 65_000;

const TEMPLATE_FILES = {
  issueBody: "issue-body.hbs",
  trackingBody: "tracking-issue.hbs",
  prSummary: "pr-summary.hbs",
  configError: "config-error.hbs",
  itemRemoved: "item-removed.hbs",
  itemDone: "item-done.hbs",
  itemDuplicate: "item-duplicate.hbs",
  checkSummary: "check-summary.hbs",
  digestIssue: "digest-issue.hbs",
  digestComment: "digest-comment.hbs",
  digestNudge: "digest-nudge.hbs",
  commandReply: "command-reply.hbs",
  commandWontfix: "command-wontfix.hbs",
  commandDueLine: "command-due-line.hbs",
  adopted: "adopted.hbs",
  adoptionStopped: "adopted-stopped.hbs",
} as const;

type TemplateName = keyof typeof TEMPLATE_FILES;
type Compiled = Record<TemplateName, Handlebars.TemplateDelegate>;

let compiled: Compiled | undefined;

/** The action-item issue body; the marker is its last line. */
export function renderIssueBody(vm: IssueBodyView): string {
  requireMarker(vm.marker, "item");
  return fit("issue body", [20_000, 8_000, 2_000, 500], (limit) =>
    run("issueBody", { ...vm, limits: { text: limit, summary: Math.floor(limit / 2) } }),
  );
}

/** The tracking issue body of one postmortem; the marker is its last line. */
export function renderTrackingBody(vm: TrackingBodyView): string {
  requireMarker(vm.marker, "tracking");
  let open = 0;
  let closed = 0;
  let done = 0;
  let tracked = 0;
  let wontDo = 0;
  for (const item of vm.items) {
    if (item.kind === "filed") {
      if (item.closed) closed += 1;
      else open += 1;
      if (item.closed && item.wontDo) wontDo += 1;
    } else if (item.kind === "done") done += 1;
    else tracked += 1;
  }
  const counts = { total: vm.items.length, open, closed, wontDo, done, tracked };
  return fit("tracking issue body", [10_000, 2_000, 0], (limit) =>
    run("trackingBody", { ...vm, counts, limits: { summary: limit } }),
  );
}

/**
 * The PR summary comment. Lists too long for one comment are cut, saying how many rows are not
 * shown (the tracking issue lists everything).
 */
export function renderPrSummary(vm: PrSummaryView): string {
  requireHiddenComment(vm.marker);
  return fit("PR summary", [Infinity, 100, 30, 10, 3], (rows) =>
    run("prSummary", { ...vm, postmortems: vm.postmortems.map((pm) => cutRows(pm, rows)) }),
  );
}

/** The comment (or check summary) saying the config file (`vm.file`) is invalid. */
export function renderConfigError(vm: ConfigErrorView): string {
  if (vm.marker !== null) requireHiddenComment(vm.marker);
  return fit("config error", [Infinity, 50, 10], (rows) =>
    run("configError", {
      ...vm,
      errors: vm.errors
        .slice(0, rows)
        .map((e) => ({ ...e, message: helpers.truncate(e.message, 2_000) })),
    }),
  );
}

/** The comment on an issue whose item was removed from the postmortem. */
export function renderRemovedComment(vm: ItemRemovedView): string {
  return fit("item-removed comment", [Infinity], () => run("itemRemoved", vm));
}

/** The comment that closes a second issue filed for one item. */
export function renderDuplicateComment(vm: ItemDuplicateView): string {
  return fit("item-duplicate comment", [Infinity], () => run("itemDuplicate", vm));
}

/** The comment on an issue whose item the postmortem now marks done. */
export function renderDoneComment(vm: ItemDoneView): string {
  return fit("item-done comment", [Infinity], () => run("itemDone", vm));
}

/** The digest issue body; its marker (the adopted registry) is the last line. */
export function renderDigestIssue(vm: DigestIssueView): string {
  requireMarker(vm.marker, "digest");
  // The marker holds the registry whatever happens: only the visible list is cut.
  return fit("digest issue body", [Infinity, 300, 30, 0], (rows) =>
    run("digestIssue", { ...vm, adopted: vm.adopted.slice(0, rows) }),
  );
}

/** One week's digest comment; its `digest-week` marker is the last line. */
export function renderDigestComment(vm: DigestCommentView): string {
  requireMarker(vm.marker, "digest-week");
  return fit("digest comment", [Infinity, 50, 15, 5], (rows) =>
    run("digestComment", cutDigest(vm, rows)),
  );
}

/**
 * The summary of the "Postmortem action items" check run. Long tables and note lists are cut,
 * saying how many rows are not shown (the annotations still carry every warning).
 */
export function renderCheckSummary(vm: CheckSummaryView): string {
  return fit("check summary", [Infinity, 100, 30, 10, 3], (rows) =>
    run("checkSummary", { ...cutPreview(vm, rows), marker: null }),
  );
}

/** The optional PR comment: the check summary under a heading, with the caller's marker last. */
export function renderPreviewComment(vm: PreviewCommentView): string {
  requireHiddenComment(vm.marker);
  return fit("preview comment", [Infinity, 100, 30, 10, 3], (rows) =>
    run("checkSummary", { ...cutPreview(vm.preview, rows), marker: vm.marker }),
  );
}

function cutPreview(vm: CheckSummaryView, rows: number): CheckSummaryView {
  return {
    ...vm,
    postmortems: vm.postmortems.map((pm) => ({
      ...pm,
      rows: pm.rows.slice(0, rows),
      hiddenRows: pm.hiddenRows + Math.max(0, pm.rows.length - rows),
      notes: pm.notes.slice(0, rows),
      hiddenNotes: pm.hiddenNotes + Math.max(0, pm.notes.length - rows),
    })),
  };
}

// ---------------------------------------------------------------------------------------------

/** The weekly reminder comment on an overdue item (config `nudges`). */
export function renderDigestNudge(vm: DigestNudgeView): string {
  return fit("digest nudge", [Infinity], () => run("digestNudge", vm));
}

/** The digest with at most `rows` rows per list (per owner for overdue items). */
function cutDigest(vm: DigestCommentView, rows: number) {
  const cut = <T>(list: T[]) => list.slice(0, rows);
  // At most `rows` overdue rows in all, owners in order: many owners must fit as well as many items.
  let left = rows;
  const overdue = vm.overdue.flatMap((group) => {
    const items = group.items.slice(0, left);
    left -= items.length;
    return items.length === 0 ? [] : [{ ...group, items }];
  });
  const shown = overdue.reduce((n, g) => n + g.items.length, 0);
  const all = vm.overdue.reduce((n, g) => n + g.items.length, 0);
  return {
    ...vm,
    overdue,
    escalation: vm.escalation && { ...vm.escalation, items: cut(vm.escalation.items) },
    dueSoon: cut(vm.dueSoon),
    unowned: cut(vm.unowned),
    closed: cut(vm.closed),
    postmortems: cut(vm.postmortems),
    hidden: {
      overdue: vm.hidden.overdue + all - shown,
      dueSoon: vm.hidden.dueSoon + Math.max(0, vm.dueSoon.length - rows),
      unowned: vm.hidden.unowned + Math.max(0, vm.unowned.length - rows),
      closed: vm.hidden.closed + Math.max(0, vm.closed.length - rows),
      postmortems: vm.hidden.postmortems + Math.max(0, vm.postmortems.length - rows),
    },
  };
}

function cutRows(pm: PrSummaryPostmortemView, rows: number) {
  return {
    ...pm,
    items: pm.items.slice(0, rows),
    hiddenItems: Math.max(0, pm.items.length - rows),
    notFiled: pm.notFiled.slice(0, rows),
    hiddenNotFiled: Math.max(0, pm.notFiled.length - rows),
    warnings: pm.warnings.slice(0, rows),
    hiddenWarnings: Math.max(0, pm.warnings.length - rows),
  };
}

/** The reply saying why a slash command changed nothing. */
export function renderCommandReply(vm: CommandReplyView): string {
  return fit("command reply", [Infinity], () => run("commandReply", vm));
}

/** The comment recording the reason of a `/wontfix`. */
export function renderWontfixComment(vm: CommandWontfixView): string {
  return fit("wontfix comment", [Infinity], () => run("commandWontfix", vm));
}

/** The `- **Due:**` line of an item issue after `/due` or `/snooze`: one line, no newline. */
export function renderDueLine(vm: CommandDueLineView): string {
  const line = run("commandDueLine", vm).trimEnd();
  if (line.includes("\n")) throw new Error(`The due line is not one line: ${JSON.stringify(line)}`);
  return line;
}

/** The comment on an issue the app starts tracking because someone added its label. */
export function renderAdoptedComment(vm: AdoptedView): string {
  requireHiddenComment(vm.marker);
  return fit("adopted comment", [Infinity], () => run("adopted", vm));
}

/** The comment on an issue the app stops tracking because its label was removed. */
export function renderAdoptionStoppedComment(vm: AdoptionStoppedView): string {
  requireHiddenComment(vm.marker);
  return fit("adoption-stopped comment", [Infinity], () => run("adoptionStopped", vm));
}

/** Renders with the first budget whose output fits in a GitHub body; throws if none does. */
function fit(what: string, budgets: number[], render: (budget: number) => string): string {
  let length = 0;
  for (const budget of budgets) {
    const text = render(budget);
    if (text.length <= MAX_BODY_LENGTH) return text;
    length = text.length;
  }
  throw new Error(`The ${what} is ${length} characters, over GitHub's limit`);
}

function run(name: TemplateName, context: object): string {
  return `${templates()[name](context).trim()}\n`;
}

/** A marker line from `renderMarker`, of the expected kind. */
function requireMarker(marker: string, kind: Marker["kind"]): void {
  requireHiddenComment(marker);
  const found = readMarkers(marker);
  if (found.length !== 1 || found[0]?.kind !== kind) {
    throw new Error(`Expected a ${kind} marker from renderMarker, got ${JSON.stringify(marker)}`);
  }
}

/** One line holding exactly one HTML comment and nothing else. */
function requireHiddenComment(marker: string): void {
  if (!/^<!-- (?:(?!-->|<!--)[^\n])* -->$/.test(marker)) {
    throw new Error(`Expected a one-line hidden HTML comment, got ${JSON.stringify(marker)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The environment

function templates(): Compiled {
  if (compiled !== undefined) return compiled;
  const env = Handlebars.create();
  registerHelpers(env);
  const options: CompileOptions = {
    noEscape: true,
    strict: true,
    knownHelpersOnly: true,
    knownHelpers: Object.fromEntries(HELPER_NAMES().map((name) => [name, true])),
  };
  const partialsDir = join(TEMPLATES_DIR, "partials");
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith(".hbs"))) {
    // Partials are used inside one line (a table cell, a list item): no trailing newline.
    const source = readFileSync(join(partialsDir, file), "utf8").replace(/\n+$/, "");
    env.registerPartial(basename(file, ".hbs"), env.compile(source, options));
  }
  const compile = (file: string) =>
    env.compile(readFileSync(join(TEMPLATES_DIR, file), "utf8"), options);
  compiled = {
    issueBody: compile(TEMPLATE_FILES.issueBody),
    trackingBody: compile(TEMPLATE_FILES.trackingBody),
    prSummary: compile(TEMPLATE_FILES.prSummary),
    configError: compile(TEMPLATE_FILES.configError),
    itemRemoved: compile(TEMPLATE_FILES.itemRemoved),
    itemDone: compile(TEMPLATE_FILES.itemDone),
    itemDuplicate: compile(TEMPLATE_FILES.itemDuplicate),
    checkSummary: compile(TEMPLATE_FILES.checkSummary),
    digestIssue: compile(TEMPLATE_FILES.digestIssue),
    digestComment: compile(TEMPLATE_FILES.digestComment),
    digestNudge: compile(TEMPLATE_FILES.digestNudge),
    commandReply: compile(TEMPLATE_FILES.commandReply),
    commandWontfix: compile(TEMPLATE_FILES.commandWontfix),
    commandDueLine: compile(TEMPLATE_FILES.commandDueLine),
    adopted: compile(TEMPLATE_FILES.adopted),
    adoptionStopped: compile(TEMPLATE_FILES.adoptionStopped),
  };
  return compiled;
}

type CompileOptions = Parameters<typeof Handlebars.compile>[1];

/** Handlebars passes its options object last; helpers get only the template's arguments. */
type Args = unknown[];

const HELPERS: Record<string, (args: Args) => unknown> = {
  md: ([text]) => helpers.md(str("md", text)),
  oneLine: ([text]) => helpers.oneLine(str("oneLine", text)),
  cell: ([text]) => helpers.cell(str("cell", text)),
  quote: ([text]) => helpers.quote(str("quote", text)),
  nomention: ([text]) => helpers.nomention(str("nomention", text)),
  mention: ([login]) => helpers.mention(str("mention", login)),
  handle: ([login]) => helpers.handle(str("handle", login)),
  truncate: ([text, max]) => helpers.truncate(str("truncate", text), num("truncate", max)),
  link: ([text, url]) => helpers.link(str("link", text), str("link", url)),
  ref: ([number, repo]) =>
    helpers.ref(num("ref", number), repo === undefined || repo === null ? null : str("ref", repo)),
  docTitle: ([doc]) => helpers.docTitle(linkView("docTitle", doc)),
  sourceUrl: ([doc, line]) =>
    helpers.sourceUrl(
      linkView("sourceUrl", doc),
      line === undefined ? null : num("sourceUrl", line),
    ),
  commitLink: ([doc]) => helpers.commitLink(linkView("commitLink", doc)),
  date: ([iso]) => helpers.date(str("date", iso)),
  figure: ([value]) => helpers.figure(num("figure", value)),
  plural: ([count, singular, pluralForm]) =>
    helpers.plural(
      num("plural", count),
      str("plural", singular),
      pluralForm === undefined ? undefined : str("plural", pluralForm),
    ),
  eq: ([a, b]) => {
    if (a === undefined || b === undefined) throw new TypeError("eq: a value is missing");
    return helpers.eq(a, b);
  },
};

function HELPER_NAMES(): string[] {
  return [...Object.keys(HELPERS), "codeBlock"];
}

/**
 * Strict mode only checks plain `{{field}}` lookups: helper arguments, `{{#if field}}` and
 * `{{#each field}}` included, quietly read a missing field as `undefined`. Our helpers reject
 * `undefined` themselves; the built-in block helpers are wrapped here to do the same (`null`,
 * `false`, `0` and `[]` are values and behave as usual).
 */
function strictBuiltins(env: typeof Handlebars): void {
  for (const name of ["if", "unless", "each", "with"]) {
    const builtin = env.helpers[name] as ((...args: unknown[]) => unknown) | undefined;
    if (builtin === undefined) throw new Error(`Handlebars has no built-in ${name}`);
    env.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      if (args.length < 2 || args[0] === undefined) {
        const options = args.at(-1) as { loc?: { start?: { line?: number } } } | undefined;
        const line = options?.loc?.start?.line;
        throw new Error(
          `#${name}: the field it tests is missing${line === undefined ? "" : ` (template line ${line})`}`,
        );
      }
      return builtin.apply(this, args);
    });
  }
}

function registerHelpers(env: typeof Handlebars): void {
  strictBuiltins(env);
  for (const [name, helper] of Object.entries(HELPERS)) {
    env.registerHelper(name, (...args: unknown[]) => helper(args.slice(0, -1)));
  }
  env.registerHelper("codeBlock", function (this: unknown, options: Handlebars.HelperOptions) {
    return helpers.codeBlock(str("codeBlock", options.fn(this)));
  });
}

function str(helper: string, value: unknown): string {
  if (typeof value !== "string")
    throw new TypeError(`${helper}: expected text, got ${show(value)}`);
  return value;
}

function num(helper: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(`${helper}: expected a number, got ${show(value)}`);
  }
  return value;
}

function linkView(helper: string, value: unknown): PostmortemLinkView {
  if (typeof value !== "object" || value === null) {
    throw new TypeError(`${helper}: expected a postmortem, got ${show(value)}`);
  }
  const doc = value as Record<string, unknown>;
  return {
    repoUrl: str(helper, doc.repoUrl),
    sha: str(helper, doc.sha),
    path: str(helper, doc.path),
    title: doc.title === null ? null : str(helper, doc.title),
  };
}

function show(value: unknown): string {
  return value === null ? "null" : typeof value;
}
