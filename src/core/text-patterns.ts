/** Word lists and patterns for reading prose: what starts an action, an intro, an outro. */

// Base forms of verbs that start an imperative action item ("Add alerting", "Review the runbook").
const IMPERATIVE_VERBS = new Set(
  `add adjust adopt align allow alert analyse analyze apply archive assess assign audit automate avoid
  backfill backup benchmark block build bump calibrate cap centralise centralize change check clarify
  clean cleanup collect communicate conduct configure confirm consider consolidate continue coordinate
  correct correlate create customize cut decommission decrease define delete deploy deprecate design
  detect develop disable discuss document double-check drop educate eliminate enable encourage enforce
  enhance ensure escalate establish evaluate expand expose extend fix follow force formalize gather handle harden
  identify implement import improve include increase inform install instrument integrate introduce
  investigate isolate keep label launch limit lock log maintain make mandate measure merge migrate
  minimize modify monitor move notify optimize optimise organize organise patch perform pin plan
  prepare prevent prioritize produce prohibit promote propose protect provide publish purge put
  page raise reach rebuild record reduce refactor refine rehearse reinforce release remove rename replace report
  require research reset resize restrict restructure retire revert review revise revisit rewrite rotate
  run scale schedule scope secure segment send separate set setup share simplify split stage standardise
  standardize start stop store streamline strengthen switch sync tag teach test track train transition
  throttle triage tune turn update upgrade use validate verify version write`.split(/\s+/),
);

/** True when `text` starts with an imperative verb ("Add …", "Set up …"). */
export function startsWithImperative(text: string): boolean {
  const first = /^[^\p{L}]*(\p{L}[\p{L}-]*)/u.exec(text)?.[1]?.toLowerCase();
  if (first === undefined) return false;
  if (IMPERATIVE_VERBS.has(first)) return true;
  // A compound verb ends in its verb: "rate-limit", "re-enable", "load-test". Only known verb
  // prefixes: "post-incident review" or "end-to-end test" are nouns.
  const compound =
    /^(?:re|auto|rate|double|cross|hot|load|stress|smoke|fine|dry|co|de|un)-(\p{L}+)$/u;
  const verb = compound.exec(first)?.[1];
  return verb !== undefined && IMPERATIVE_VERBS.has(verb);
}

/**
 * An action written as a gerund ("Patching the connection pool", "Adding monitoring for …"), as
 * measures sections often list them; not a gerund subject ("Monitoring is key").
 */
// "Preventing such outages is everyone's job": the gerund is the subject of a statement.
const GERUND_SUBJECT =
  /^[^\p{L}]*\p{L}+ing\b(?:\s+\S+){0,6}?\s+(?:is|was|are|were|has|had|will|would|can|could|should|may|might|helps?|makes?|means|remains|requires?)\b/iu;

export function startsWithGerund(text: string): boolean {
  const m = /^[^\p{L}]*(\p{L}+)ing\s+(\p{L}+)/u.exec(text);
  if (!m) return false;
  const stem = (m[1] ?? "").toLowerCase();
  if (GERUND_SUBJECT.test(text)) return false;
  const undoubled = /(.)\1$/.test(stem) ? stem.slice(0, -1) : stem;
  return [stem, `${stem}e`, undoubled].some((v) => v.length > 1 && IMPERATIVE_VERBS.has(v));
}

/** An imperative or a gerund action at the start of `text`. */
export function startsWithAction(text: string): boolean {
  return startsWithImperative(text) || startsWithGerund(text);
}

/** Explicit commitments to future work, as lessons-learned lists and prose write them. */
export const COMMITMENT =
  /\b(we|i|the [\w.-]+ team|our team)\s+(will|'ll|shall|must|should|need to|are going to|am going to|plan to|intend to|intends to|are (?:also |now |currently )?(?:looking into|working on|introducing|adding|updating|implementing|improving|planning|investigating|evaluating|developing|reviewing|moving|migrating|building))\b|\b(we|i)['’](ll|re (?:\w+ly )?(?:implementing|adding|working|introducing|improving|updating|looking|planning|evaluating|building))\b/i;

/** Lines that introduce or close a list of actions rather than being one. */
const INTRO_OUTRO =
  /^(in conclusion|in closing|in summary|to conclude|to summari[sz]e|overall|finally,|lastly,|remember|this (post-?mortem|incident|outage|document|report|analysis|experience|event)|these (measures|actions|steps|improvements|changes|tasks|items)|by (implementing|taking|following|addressing|adopting|learning)|through (these|this)|with these|thank|we (sincerely |deeply )?(apologi[sz]e|regret)|we('re| are) (committed|confident|sorry|dedicated)|we believe|we (truly |greatly |really )?appreciate|together,|the following|following (are|is)|here are|below (are|is)|as a result|all in all|in the end|our (commitment|team remains)|we remain|stay tuned|happy (coding|debugging)|cheers|sincerely|regards)\b/i;

export function isIntroOrOutro(text: string): boolean {
  return INTRO_OUTRO.test(text);
}

/** Template placeholders and instructions copied from a template or an assignment. */
const PLACEHOLDER =
  /^\s*(action|item|task|acci[oó]n|step|todo|tarea)\s*#?\d+\s*[:.]?\s*$|^\s*(tbd|tba|n\/?a|none|nothing|-+|\.\.\.|…|xxx+|lorem ipsum.*|insert .*|placeholder.*)\s*$|^\s*\[(insert|add|describe|link|todo|tbd)[^\]]*\]\s*$|^\s*<[^>]+>\s*$/i;
const INSTRUCTION =
  /\ba list of (tasks|action items|actions)\b|\bthings that can be improved\b|\bbe very specific\b|\blike a todo\b|\be\.g\.?,? patch nginx|^(list|describe|explain|include|add|document|link) (the |any |all |here |your )?([\w-]+ )?(issues|actions|tasks|items|steps|follow-?ups|what|links?)\b.*\b(here|below|created|should|that|taken|you|your|e\.g)\b|\binclude the following\b|\bestimated date of completion\b|\bnamed individual who owns\b|\b(each|every|all) action items? (should|must)\b|\bsample (subheadings|headings|sections)\b|^see (above|below)\b|^as (above|below)\b|^write (a|an|your|the) (short |brief |blameless )?(post-?mortem|incident report|report|summary)\b.*\byou(r)?\b/i;

/** A `{{name}}` template variable (not `${{ … }}`, which is GitHub Actions syntax). */
const TEMPLATE_VARIABLE = /(^|[^$])\{\{\s*[\w.-]+\s*\}\}/;
/** Any `{{…}}` span, to see what an item says besides its template syntax. */
const MUSTACHE_SPAN = /\{\{[^}]*\}\}/g;
/** `[link to the issue]`, `<owner>`: the other ways templates leave blanks to fill. */
const BRACKETED = /\[[^\]]*\]|<[^>]*>/g;

export function isPlaceholder(text: string): boolean {
  if (PLACEHOLDER.test(text)) return true;
  // "{{ summary }} [link to the issue]" is an unfilled template line; "Render {{this}} literally
  // in the digest" is an action item that happens to contain template syntax.
  if (!TEMPLATE_VARIABLE.test(text)) return false;
  const rest = text.replace(MUSTACHE_SPAN, " ").replace(BRACKETED, " ");
  const words = rest.match(/\p{L}{2,}/gu) ?? [];
  return words.length < 3;
}

/**
 * A "Label: value" line that records facts about the document or the review, not work:
 * "Review date: 2026-01-10", "Attendees: Jane, Bob", "Summary of the review: …".
 */
const METADATA =
  /^(?:(?:post-?mortem|incident|review|meeting|report|document)\s+)?(?:date|dates|time|attendees|participants|present|reviewers?|authors?|prepared by|written by|facilitators?|note-?takers?|incident (?:id|number|commander|lead)|summary of [^:]{1,40}|last (?:updated|modified|reviewed)|version|revision)\s*:\s*\S/i;

/** A field alone on its line ("Owner: Ana", "Status: done"): it annotates an item, it is none. */
const FIELD_ONLY =
  /^(?:owners?|assignees?|assigned to|dri|due|due date|deadline|eta|priority|status|severity)\s*:\s*[^.!?:]{1,40}$/i;

export function isMetadataLine(text: string): boolean {
  const t = text.trim();
  // "Owner: Ken — add a disk alert" is an action with its owner in front.
  return METADATA.test(t) || (FIELD_ONLY.test(t) && !/\s[-—–]\s|[—–]/.test(t));
}

/** A template's prompt ("What could be improved?", "When was the issue detected?"). */
export function isQuestion(text: string): boolean {
  return /^(what|how|when|who|why|where|which|is|are|was|were|do|does|did|can|could|should|has|have)\b.*\?$/i.test(
    text.trim(),
  );
}

export function isInstruction(text: string): boolean {
  return INSTRUCTION.test(text);
}

/** Past-tense reports of work done ("Restarted the server", "We rolled back"), for remediation sections. */
export function isPastTense(text: string): boolean {
  const t = text.replace(/^[^\p{L}]+/u, "");
  if (/^(\S+\s+){0,7}?(was|were|has been|have been|had been)\b/i.test(t)) return true;
  if (/^(we |i |the team |they )?(have |has |had )?(been )?(was|were|did|had)\b/i.test(t))
    return true;
  const first = /^(?:(?:we|i|the team|they)\s+(?:have\s+|had\s+)?)?(\p{L}+)/iu
    .exec(t)?.[1]
    ?.toLowerCase();
  return (
    first !== undefined && first.endsWith("ed") && !IMPERATIVE_VERBS.has(first) && first !== "need"
  );
}

/** Splits prose into sentences, keeping abbreviations like "e.g." and versions like "1.2" whole. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const re = /[.!?](?=\s+["“(*_]*[\p{Lu}\d])/gu;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const before = text.slice(Math.max(start, m.index - 5), m.index + 1).toLowerCase();
    if (/\b(e\.g|i\.e|etc|vs|mr|ms|dr|no|approx|incl)\.$/.test(before)) continue;
    out.push(text.slice(start, m.index + 1).trim());
    start = m.index + 1;
  }
  const rest = text.slice(start).trim();
  if (rest !== "") out.push(rest);
  return out;
}

/** A proposal the team turned down ("… it was rejected", "we decided against it"): no work to do. */
const REJECTED =
  /\b(?:was|were|has been|have been|got)\s+(?:\w+ly\s+)?(?:rejected|declined|turned down|vetoed)\b|\bdecided (?:not to|against)\b/i;

export function isRejectedProposal(text: string): boolean {
  return REJECTED.test(text);
}
