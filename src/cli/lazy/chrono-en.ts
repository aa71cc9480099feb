import type * as ChronoEn from "chrono-node/en";
import { loadChunk } from "./load-chunk.js";

// chrono (50 KB, and some 40 parsers built at load) reads only absolute dates in prose
// ("June 1st, 2026"); most documents never reach it.
let chrono: typeof ChronoEn | undefined;

function load(): typeof ChronoEn {
  chrono ??= loadChunk("cli-chunk-chrono-en.cjs") as typeof ChronoEn;
  return chrono;
}

/** chrono's English casual parser: chrono is loaded at the first use of any of its members. */
export const casual = new Proxy(Object.create(null) as ChronoEn.Chrono, {
  get(_target, key): unknown {
    const parser = load().casual;
    const value: unknown = Reflect.get(parser, key);
    return typeof value === "function" ? (value.bind(parser) as unknown) : value;
  },
});
