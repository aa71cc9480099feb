/**
 * Fault injection for the local GitHub. A rule names which requests it hits (an operation key,
 * a method, a path pattern), how many (`times`, after letting `skip` through, or a seeded
 * `probability`), and what happens instead of, or after, the normal answer.
 */

export type FaultAction =
  /** Answer `status` without running the route (nothing changes). */
  | {
      kind: "status";
      status: number;
      body?: Record<string, unknown>;
      headers?: Record<string, string>;
    }
  /** Run the route (the change is committed), then answer `status`: "502 after a create". */
  | { kind: "after-commit"; status: number }
  /** GitHub's secondary rate limit: 403 or 429 with `retry-after` seconds; nothing changes. */
  | { kind: "secondary-rate-limit"; status?: 403 | 429; retryAfterSeconds?: number }
  /** Wait before handling the request (a slow GitHub). */
  | { kind: "delay"; ms: number }
  /** Close the connection without an answer, before or after running the route (a timeout). */
  | { kind: "reset"; afterCommit: boolean };

export interface FaultMatch {
  /** The operation key, e.g. "POST /repos/{owner}/{repo}/issues". */
  operation?: string;
  method?: string;
  /** Tested against the path without the `/api/v3` prefix. */
  path?: RegExp;
}

export interface FaultRule extends FaultMatch {
  action: FaultAction;
  /** How many matching requests to hit; default 1. `Infinity` for all. */
  times?: number;
  /** Matching requests to let through first (fail "the k-th create"). */
  skip?: number;
  /** Hit each matching request with this probability (seeded, so runs repeat). */
  probability?: number;
}

export interface InjectedFault {
  rule: FaultRule;
  method: string;
  path: string;
  operation: string | null;
}

interface ActiveRule {
  rule: FaultRule;
  seen: number;
  hits: number;
}

export class Faults {
  readonly #rules: ActiveRule[] = [];
  /** Every fault injected so far, in order. */
  readonly injected: InjectedFault[] = [];
  #random: () => number;

  constructor(seed = 20261126) {
    this.#random = mulberry32(seed);
  }

  /** Adds a rule; returns a function that removes it. */
  add(rule: FaultRule): () => void {
    const active = { rule, seen: 0, hits: 0 };
    this.#rules.push(active);
    return () => {
      const index = this.#rules.indexOf(active);
      if (index >= 0) this.#rules.splice(index, 1);
    };
  }

  /** Fails the next `times` requests matching `match` with `status`. */
  failNext(match: FaultMatch, status: number, times = 1): () => void {
    return this.add({ ...match, times, action: { kind: "status", status } });
  }

  clear(): void {
    this.#rules.length = 0;
  }

  reseed(seed: number): void {
    this.#random = mulberry32(seed);
  }

  /** The action for this request, if a rule hits it (and records the hit). */
  take(method: string, path: string, operation: string | null): FaultAction | null {
    for (const active of this.#rules) {
      const { rule } = active;
      if (rule.operation !== undefined && rule.operation !== operation) continue;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.path !== undefined && !rule.path.test(path)) continue;
      active.seen += 1;
      if (active.seen <= (rule.skip ?? 0)) continue;
      if (active.hits >= (rule.times ?? (rule.probability === undefined ? 1 : Infinity))) continue;
      if (rule.probability !== undefined && this.#random() >= rule.probability) continue;
      active.hits += 1;
      this.injected.push({ rule, method, path, operation });
      return rule.action;
    }
    return null;
  }
}

/** A small seeded PRNG, so a "20 % of requests fail" run fails the same requests every time. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
