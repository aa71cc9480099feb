import { hash as digest } from "node:crypto";

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * The words of an item, lower-cased, with markup, punctuation and spacing gone. Keys are built
 * from this, so re-bulleting, re-wrapping, re-emphasising or moving an item keeps its key.
 */
export function normalizeForKey(text: string): string {
  // ASCII is its own NFKC form and its letters and digits are [a-z0-9] once lower-cased: the
  // same key without the Unicode work, for most items.
  if (!NON_ASCII.test(text))
    return text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * Stable keys for a document's items, in order: a hash of the item's normalised words, with a
 * `-2`, `-3`… suffix for repeats of the same words (counted in document order).
 */
export function makeItemKeys(texts: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return texts.map((text) => {
    // The one-shot digest: the same hash as createHash, without a stream object per item.
    const hash = digest("sha256", normalizeForKey(text), "hex").slice(0, 12);
    const count = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, count);
    return count === 1 ? hash : `${hash}-${count}`;
  });
}
