import { collapseSpaces } from "./collapse-spaces.js";
import { trimChars } from "./trim-chars.js";

/**
 * What a section heading promises about its content. Headings are matched by meaning, not by
 * markup: the same words arrive as `## Action items`, `**Action items:**`, `7. Action items`,
 * `<h2>Action items</h2>` or a plain line.
 */
export type SectionKind =
  /** Follow-up work: every item in it is an action item. */
  | "action"
  /** "Remediation": follow-up work in some reports, work already done in others. */
  | "remediation"
  /** Lessons learned: only explicit commitments in it are actions. */
  | "lessons"
  /** Work done during the incident (timeline, resolution, actions taken). */
  | "past"
  /** Assignment or template instructions ("must contain:"). */
  | "instructions"
  /** The incident summary (used in issue bodies). */
  | "summary"
  /** Any other known section: root cause, impact, conclusion... */
  | "other";

const NON_ASCII = /[\u0080-\uffff]/;
const MARKS = /[*_`~#>|]/;

/** Strips markup, emoji, numbering and trailing punctuation from heading text, lower-cased. */
export function normalizeHeading(text: string): string {
  // Each rewrite runs only when it can match (emoji are never ASCII): most headings are plain.
  let h = text;
  if (h.includes("<")) h = h.replace(/<[^>]*>/g, " ");
  if (h.includes(":")) h = h.replace(/:[a-z0-9_+-]+:/gi, " ");
  if (NON_ASCII.test(h)) h = h.replace(/\p{Extended_Pictographic}|\u200d|\ufe0f/gu, " ");
  if (MARKS.test(h)) h = h.replace(/[*_`~#>|]/g, " ");
  return trimChars(
    collapseSpaces(h)
      .trim()
      .replace(
        /^(\(?\d+(\.\d+)*[.):]?|\(?[ivx]{1,4}[.)]|(step|part|section) \d+[.:]?|[-–—•=]+)\s+/i,
        "",
      )
      .replace(/^(\(?\d+(\.\d+)*[.):]?)\s*/, ""),
    // After collapsing, a space is the only whitespace left to trim.
    " :.-–—",
    "end",
  ).toLowerCase();
}

const INSTRUCTIONS =
  /\bmust (contain|include|have)\b|^(be brief|make your|write (a|your)|your post-?mortem)/;
const FORWARD =
  /going forward|\bfuture\b|\bnext\b|prevent|\bfollow[- ]?ups?\b|\bto-?dos?\b|\baction items?\b|we('re| are| will)? (doing|do|going to do) about|\bplanned\b|\bplan\b|\bitems\b/;
const TIMELINE = /\btimeline\b|\bchronology\b|sequence of events|^events$|^log$/;
const PAST =
  /\bactions? taken\b|\bsteps taken\b|what (we|was) did|what happened|\bresolution\b|\brecovery\b|how (we|it was) (fixed|resolved)|\bimmediate (response|actions?|fix(es)?|steps)\b|\bcontainment\b|^(details of )?mitigations?$|^(incident )?response$|\bworkaround\b|^(the )?fix$|\brestoration\b|\berradication\b|\btriage\b/;
const LESSONS = /\blessons?\b|\btakeaways?\b|\blearnings\b|what (we|i) learn/;
const REMEDIATION = /\bremediations?\b/;
const ACTION =
  /\bactions?( items?| plan| points)?\b|\bpreventi(ve|on)\b|\bpreventative\b|\bprevent(ing)?\b|\bcorrective\b|\bfollow[- ]?ups?\b|\bnext steps\b|^(task|tasks|task list)\b|\btasks\b|\bto-?dos?\b|\bimprovements?\b|\bfixes\b|addressing the (issue|problem)|\bmitigations? going forward\b|\bfuture (measures|actions|work|improvements|plans|steps|mitigations)\b|doing about (it|this)|\bwhat we(?:'ll| will| are going to| plan to)(?: do)?\b|\bchanges we(?:'re| are) making\b|\bwhat'?s changing\b|\bavoid(?:ing)? (?:a )?(?:recurrence|repeat)\b|\b(?:open|outstanding) (?:items|work|actions)\b|^work items$|\bremediations? (?:plan|items)\b|\bwhat'?s next\b|^(up )?next$|\brecommend(ations?|ed)\b|\bcountermeasures?\b|\bgoing forward\b|\bmeasures\b|\bplanned (work|changes)\b|\bacciones\b|\bmesures\b|\bmaßnahmen\b|\bações\b|\bmedidas\b/;
const SUMMARY = /\bsummary\b|\boverview\b|\btl;?dr\b/;
const OTHER =
  /\broot causes?\b|\bcauses?\b|\bimpact\b|\bbackground\b|\bintroduction\b|\bdetection\b|\bconclusions?\b|what went|where we got lucky|\binvestigations?\b|\bappendix\b|\breferences?\b|\battendees\b|\bparticipants\b|contributing factors|five whys|\bclosing\b|\bthanks\b|\backnowledg|supporting information|\bglossary\b|\bdetails\b|\bdescription\b|\banalysis\b|\btrigger\b|\bsymptoms\b|\bleadup\b|\bfault\b|backlog check|\brecurrence\b|\bquestions\b|document control|sign-?off|\bobjectives\b|\bscope\b|\bnotes\b|\bmetadata\b|\bauthors?\b|\bseverity\b|\bduration\b|\bdiagnosis\b|\bepilogue\b|\bprologue\b|\bchecklist\b|\bdefinitions?\b|\bresources\b|\bcontacts?\b/;
// Words that name a section only when they are a markdown heading: as a plain line they are as
// likely to start an item ("Incident response training").
const OTHER_WEAK =
  /\bissue\b|\bincident\b|\boutage\b|\bpost-?mortem\b|\bstory\b|\bcontext\b|\bwhy\b|\bhow to\b/;

const STRONG_OTHER =
  /\broot causes?\b|\bimpact\b|\bbackground\b|\bintroduction\b|\bconclusions?\b|what went|where we got lucky|\bappendix\b|\breferences?\b|\battendees\b|contributing factors|five whys|\bclosing\b|\bthanks\b|\backnowledg|\bglossary\b|\bleadup\b|\bfault\b|\brecurrence\b|document control|sign-?off|\bmetadata\b|\bauthors?\b|\bseverity\b|\bduration\b/;

/** Sections that never hold follow-up work, even nested under "Action items". */
export function isStrongOther(text: string): boolean {
  return STRONG_OTHER.test(normalizeHeading(text));
}

/** Classifies a heading; null when the heading names no known kind of section. */
export function classifyHeading(text: string, weak = true): SectionKind | null {
  return classifyNormalized(normalizeHeading(text), weak);
}

function classifyNormalized(h: string, weak: boolean): SectionKind | null {
  if (h === "" || h.length > 90) return null;
  if (INSTRUCTIONS.test(h)) return "instructions";
  // An exercise number ("Task 0", "TASK 1") is not a task list.
  if (/^tasks? \d+\b/.test(h)) return "other";
  if (TIMELINE.test(h)) return "past";
  if (LESSONS.test(h)) return /\baction|\bnext steps|\bfollow/.test(h) ? "action" : "lessons";
  if (PAST.test(h) && !FORWARD.test(h)) return "past";
  if (REMEDIATION.test(h) && !FORWARD.test(h)) return "remediation";
  if (ACTION.test(h)) return "action";
  if (SUMMARY.test(h)) return "summary";
  if (OTHER.test(h)) return "other";
  if (weak && OTHER_WEAK.test(h)) return "other";
  return null;
}

/**
 * Classifies a plain line (no markup, no colon) that might be a heading, as in postmortems written
 * in a word processor. Stricter than headings: the section word must come first and the line must
 * be short, so that "Incident response training" or "Time (GMT) Actions" stay content.
 */
export function classifyPlainLine(text: string): SectionKind | null {
  const h = normalizeHeading(text);
  const words = h.split(" ");
  if (words.length > 7) return null;
  const kind = classifyNormalized(h, false);
  if (kind === null) return null;
  const lead = words.slice(0, 3).join(" ");
  return classifyHeading(lead, false) === kind ? kind : null;
}
