import { flattenInline } from "./inline-markdown.js";
import { trimChars } from "./trim-chars.js";
import { countFields } from "./count-fields.js";

/** An owner found at an offset of the item, so owners from different places keep reading order. */
export interface FoundOwner {
  at: number;
  name: string;
}

export interface NameListMatch {
  end: number;
  owners: FoundOwner[];
}

/** A GitHub login (alphanumerics and hyphens, at most 39), optionally followed by `/team`. */
const HANDLE = /@([A-Za-z0-9][A-Za-z0-9-]{0,38})(\/[A-Za-z0-9][\w.-]{0,99})?/y;
// Not an email (`a@b.c`), not part of a path or another token.
const MENTION = /(?<![\p{L}\p{N}._%+\-/@`])@[A-Za-z0-9]/gu;

/** Reads `@login` or `@org/team` at `at`; returns the name without `@`. */
export function readHandleAt(scan: string, at: number): { end: number; name: string } | null {
  HANDLE.lastIndex = at;
  const m = HANDLE.exec(scan);
  if (!m) return null;
  const login = (m[1] ?? "").replace(/-+$/, "");
  const team = (m[2] ?? "").replace(/[.-]+$/, "");
  const name = login + (team.length > 1 ? team : "");
  const end = at + 1 + name.length;
  // `@example.com`, `@10.0.0.1`: a domain or an address, not a person.
  if (/^\.[A-Za-z0-9]/.test(scan.slice(end, end + 2)) || /^\d+$/.test(login)) return null;
  return { end, name };
}

/** Every `@mention` outside code spans and URLs (already masked in `scan`) and emails. */
export function findMentions(scan: string): FoundOwner[] {
  const owners: FoundOwner[] = [];
  for (const m of scan.matchAll(MENTION)) {
    const handle = readHandleAt(scan, m.index);
    if (handle) owners.push({ at: m.index, name: handle.name });
  }
  return owners;
}

// Capitalised words that start sentences or name things, not people or teams. A false owner
// assigns an issue to the wrong person, so this list errs on the side of excluding.
const NOT_NAMES = new Set(
  `a an the this that these those there here it its we i you they he she our their your my his her
  all each every everyone everybody someone somebody anyone anybody nobody no one both any some none
  other others another also then next first last new old more most many much few several
  if when while after before since until unless because so but and or nor yet for of to in on at by
  with from into about please note notes n/a na tbd tba todo to-do wip done fixed closed open
  resolved completed complete pending planned blocked status owner owners assignee due deadline
  priority eta target high medium low critical urgent blocker minor normal p0 p1 p2 p3
  january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec
  monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur fri sat sun
  today tomorrow eod eow eom eoq eoy asap q1 q2 q3 q4 h1 h2
  api apis dns cpu gpu ram ssl tls cdn url urls http https sql db ui ux os vm vms aws gcp azure ip tcp
  udp ssh ci cd cli sdk json yaml xml html css js php lb elb alb nlb eks ecs ec2 s3 rds k8s nfs ttl
  ttls sla slo slos sli mttr mttd rca pr prs readme faq iam vpc waf cdn oom io
  nginx apache mysql redis postgres postgresql mongodb kafka kubernetes docker puppet ansible
  terraform jenkins grafana prometheus datadog pagerduty sentry cloudflare haproxy node python java
  ruby go git github gitlab slack jira linux ubuntu wordpress
  server servers database system service application app website site code config configuration
  script cron backup backups deployment deploy release process policy documentation docs tests
  testing load traffic infrastructure monitoring alerting logging alerts logs users customers
  engineers developers staff management team teams everything nothing something anything
  optional backend frontend infra bug feature security-fix followup follow-up improvement
  prevent detect mitigate mitigation process investigation test runbook playbook action
  add adjust adopt allow analyse analyze apply ask assess assign audit automate avoid build change
  check clarify clean communicate conduct configure confirm consider continue coordinate correct
  create decrease define delete develop disable discuss document enable enforce enhance ensure
  establish evaluate expand extend fix follow get give handle identify implement improve include
  increase inform install integrate introduce investigate keep limit make measure merge migrate
  modify move notify optimize optimise patch perform plan prepare prioritize provide publish put
  reduce refactor remove rename replace require research reset restrict review revert rewrite rotate
  run schedule send set share simplify start stop switch sync teach track train tune turn update
  upgrade use validate verify write
  forget remember try plan continue need want unable able failed failure decide agree learn time
  how what where why who which ways way steps reminder ability going used reach tried began begin
  attempt just only engineer developer user customer operator admin administrator person people
  incident outage issue problem root cause impact summary author authors reviewer reviewers`.split(
    /\s+/,
  ),
);
// Names that end like past-tense verbs; other capitalised "-ed" words ("Escalated") are not names.
const ED_NAMES = new Set(["alfred", "manfred", "mohamed", "mohammed", "winifred", "siegfried"]);

const CAPITALISED_WORD =
  /(?:\p{Lu}\.|\p{Lu}[\p{L}\p{M}\p{N}'’&-]{0,30}(?:\.[\p{Ll}]{2,6})?)(?![\p{L}\p{N}])/uy;
const LOWER_LOGIN = /[a-z0-9][\w.-]{0,38}(?![\p{L}\p{N}@])/uy;
const GROUP_WORD = /(?:team|squad|on-call|oncall|group|crew)(?![\p{L}\p{N}])/iuy;
const NAME_GAP = /[ \t]{1,3}/y;
const LIST_SEPARATOR = /\s{0,3}(?:,|&|\+|\/|\band\b)\s{0,3}/y;

function sticky(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/** Whether a single capitalised word can be a person's or team's name. */
export function isPlausibleNameWord(word: string): boolean {
  const lower = word.toLowerCase().replace(/\.$/, "");
  if (NOT_NAMES.has(lower)) return false;
  if (/^\p{Lu}\.$/u.test(word)) return true;
  if (/\d/.test(word) && !/^\p{Lu}+\d*$/u.test(word)) return false;
  return true;
}

/**
 * Reads one name at `at`: a handle, "Alice", "T. Reyes", "SRE on-call", "QA Team", "Team Payments",
 * or (when `allowLowercase`, i.e. after an explicit "Owner:" label) a bare login like "jennifer".
 */
export function readNameAt(
  scan: string,
  at: number,
  allowLowercase: boolean,
): { end: number; name: string } | null {
  const handle = readHandleAt(scan, at);
  if (handle) return handle;
  const first = sticky(CAPITALISED_WORD, scan, at);
  if (!first) {
    if (!allowLowercase) return null;
    const login = sticky(LOWER_LOGIN, scan, at);
    if (!login) return null;
    const name = login[0].replace(/[.-]+$/, "");
    if (name.length < 2 || NOT_NAMES.has(name) || /^\d+$/.test(name)) return null;
    let end = at + name.length;
    const gap = sticky(NAME_GAP, scan, end);
    const group = gap ? sticky(GROUP_WORD, scan, end + gap[0].length) : null;
    if (gap && group) end += gap[0].length + group[0].length;
    return { end, name: scan.slice(at, end) };
  }
  const words = [first[0]];
  let end = at + first[0].length;
  if (words[0] === "Team") {
    // "Team Payments": the team word leads.
    const gap = sticky(NAME_GAP, scan, end);
    const next = gap ? sticky(CAPITALISED_WORD, scan, end + gap[0].length) : null;
    if (!gap || !next || !isPlausibleNameWord(next[0])) return null;
    end += gap[0].length + next[0].length;
    return { end, name: scan.slice(at, end) };
  }
  if (!isPlausibleNameWord(first[0])) return null;
  for (let i = 0; i < 2; i += 1) {
    const gap = sticky(NAME_GAP, scan, end);
    if (!gap) break;
    const group = sticky(GROUP_WORD, scan, end + gap[0].length);
    if (group) {
      end += gap[0].length + group[0].length;
      break;
    }
    const next = sticky(CAPITALISED_WORD, scan, end + gap[0].length);
    if (!next || !isPlausibleNameWord(next[0])) break;
    // Initials are always followed by a surname; two full words are a first and last name.
    end += gap[0].length + next[0].length;
    words.push(next[0]);
  }
  return { end, name: scan.slice(at, end).replace(/[.]$/, "") };
}

/** Reads "Alice, Bob & @carol" at `at`: one or more names joined by list separators. */
export function readNameListAt(
  scan: string,
  at: number,
  allowLowercase: boolean,
): NameListMatch | null {
  const first = readNameAt(scan, at, allowLowercase);
  if (!first) return null;
  const owners: FoundOwner[] = [{ at, name: first.name }];
  let end = first.end;
  for (let i = 0; i < 8; i += 1) {
    const separator = sticky(LIST_SEPARATOR, scan, end);
    if (!separator) break;
    const nextAt = end + separator[0].length;
    const next = readNameAt(scan, nextAt, allowLowercase);
    if (!next) break;
    // "Owner: Ken, Priority: P1": a word followed by a colon labels the next field, not a name.
    if (/^[ \t]*:/.test(scan.slice(next.end, next.end + 4))) break;
    owners.push({ at: nextAt, name: next.name });
    end = next.end;
  }
  return { end, owners };
}

// "to" and "will" only: "X should/must …" is far more often said of systems than of owners.
const SUBJECT_VERB =
  /[ \t]{1,3}(?:to|will|needs?[ \t]{1,3}to|is[ \t]{1,3}going[ \t]{1,3}to|are[ \t]{1,3}going[ \t]{1,3}to)[ \t]{1,3}(?:also[ \t]{1,3})?([a-z][a-z-]{1,30})\b/y;
// After "to"/"will" comes a verb; these words mean "Escalated to the team", "Reply to all".
const NOT_VERBS = new Set(
  `be been being have has had the a an all any each every our their his her its this that these
  those your my some more less no not production prod staging them him us me it you everyone`.split(
    /\s+/,
  ),
);
const THE = /the[ \t]{1,3}/iy;
const SUBJECT_JOIN = /[ \t]{0,3}(?:,|&|\band\b)[ \t]{0,3}/y;

/**
 * Owners written as the subject at the start of an item: "ICL to coordinate …", "SRE will …",
 * "ICL check …", "Alice and Bob to fix …", "@carol will …", "The platform team will …". Returns []
 * for "We will", "This will", "Monitoring will", "Alerts should …", passives ("DNS will be …") and
 * anything else that is not plainly a name or team: a wrong owner is worse than none.
 */
export function readSubjectOwners(scan: string, at: number): FoundOwner[] {
  const the = sticky(THE, scan, at);
  const owners: FoundOwner[] = [];
  let position = at + (the ? the[0].length : 0);
  let end = position;
  for (let i = 0; i < 3; i += 1) {
    const name = readSubjectName(scan, position, the !== null && i === 0);
    if (!name) break;
    owners.push({ at: position, name: name.name });
    end = name.end;
    const join = sticky(SUBJECT_JOIN, scan, end);
    if (!join) break;
    position = end + join[0].length;
  }
  const verb = sticky(SUBJECT_VERB, scan, end);
  if (owners.length > 0 && verb && !NOT_VERBS.has(verb[1] ?? "")) return owners;
  return readTerseSubject(scan, at);
}

// Meeting-notes style, "ICL check how to …": an organisation's acronym directly before one of
// these verbs. Only verbs that rarely follow an acronym as a noun ("SOP document", "QA build").
const TERSE_SUBJECT =
  /(\p{Lu}{2,6})[ \t]{1,3}(check|investigate|coordinate|subscribe|produce|publish|prepare|schedule|draft|add|create|fix|write|update|implement|own|follow|reach|ask|send|confirm|verify|ensure|look)[ \t]{1,3}\p{L}/uy;

function readTerseSubject(scan: string, at: number): FoundOwner[] {
  const m = sticky(TERSE_SUBJECT, scan, at);
  const acronym = m?.[1];
  if (acronym === undefined || NOT_NAMES.has(acronym.toLowerCase())) return [];
  return [{ at, name: acronym }];
}

function readSubjectName(
  scan: string,
  at: number,
  afterThe: boolean,
): { end: number; name: string } | null {
  if (afterThe) {
    // "The X team will": only a named team, never "the server".
    const word =
      /([\p{L}\p{N}][\p{L}\p{N}.&-]{0,30})[ \t]{1,3}(team|squad|on-call|oncall|group)(?![\p{L}\p{N}])/iuy;
    const m = sticky(word, scan, at);
    if (!m || NOT_NAMES.has((m[1] ?? "").toLowerCase())) return null;
    return { end: at + m[0].length, name: m[0] };
  }
  const name = readNameAt(scan, at, false);
  if (!name) return null;
  if (name.name.startsWith("@") || scan[at] === "@") return name;
  const words = name.name.split(/\s+/);
  if (words.length === 1) {
    const word = words[0] ?? "";
    if (/ing$/i.test(word)) return null;
    if (/^\p{Lu}\p{Ll}{3,}ed$/u.test(word) && !ED_NAMES.has(word.toLowerCase())) return null;
    // Plural common nouns ("Engineers", "Alerts") are not owners; names like "Marcus" or "Chris" are.
    if (/^\p{Lu}\p{Ll}+s$/u.test(word) && !/(?:us|is|os|as|ss)$/.test(word)) return null;
  }
  return name;
}

const NO_OWNER =
  /^(?:tbd|tba|n\/?a|none|nobody|no one|unassigned|unknown|-+|—|–|\?+|\.+|x|todo|\*)$/i;
const OWNER_LABEL = /^(?:owners?|assignees?|assigned\s+to|dri|who|responsible)\s*[:=-]?\s*/i;
// List separators; a slash inside "@org/team" is part of the handle.
const OWNER_SEPARATOR = /[,;&+|]|(?<!@[A-Za-z0-9][A-Za-z0-9-]{0,38})\/| and /i;

/**
 * Owners in an Owner/Who column cell: "@alice, @bob" → [alice, bob]; "Alice / Bob", "alice & bob",
 * "T. Reyes + M. Tan" → two owners; "SRE team" → one; "TBD", "N/A", "-", "?" or empty → [].
 * Handles lose their `@`; names are kept as written.
 */
export function parseOwners(text: string): string[] {
  const plain = flattenInline(text).text.replace(/\s+/g, " ").replace(OWNER_LABEL, "").trim();
  if (plain === "" || NO_OWNER.test(plain)) return [];
  const seen = new Set<string>();
  const owners: string[] = [];
  for (const part of plain.split(OWNER_SEPARATOR)) {
    const name = cleanOwnerPart(part);
    const key = name?.toLowerCase();
    if (name === null || key === undefined || seen.has(key)) continue;
    seen.add(key);
    owners.push(name);
  }
  return owners;
}

function cleanOwnerPart(part: string): string | null {
  const withoutNotes = part.replace(/\([^)]{0,80}\)/g, " ").replace(/\s+/g, " ");
  const name = trimChars(trimChars(withoutNotes, ` @"'“”‘’*_-`, "start"), ` "'“”‘’*_:.@-`, "end");
  if (name === "" || NO_OWNER.test(name)) return null;
  if (countFields(name) > 5 || name.length > 60) return null;
  return name;
}
