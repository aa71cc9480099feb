import { loadChunk } from "./load-chunk.js";

// markdown-it's block parser, all `plan` runs, decodes entities (with entities, whose 25 KB trie
// is decoded at load) only in link reference definitions that hold "&" or "\": rare.
interface Entities {
  decodeHTMLStrict: (text: string) => string;
}
let entities: Entities | undefined;

/** entities' `decodeHTMLStrict`, the one function markdown-it imports, loaded at the first call. */
export function decodeHTMLStrict(text: string): string {
  entities ??= loadChunk("cli-chunk-entities.cjs") as Entities;
  return entities.decodeHTMLStrict(text);
}
