/** How many pieces `text.split(" ")` gives, without building them (planner lines are counted often). */
export function countFields(text: string): number {
  let count = 1;
  for (let i = text.indexOf(" "); i !== -1; i = text.indexOf(" ", i + 1)) count += 1;
  return count;
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;
const NEXT_WORD_CHARACTER = /[\p{L}\p{N}]/gu;

/**
 * How many of `text.split(" ")` hold a letter or digit, counted up to 2 (0, 1 or 2 for "2 or
 * more"): a word character, then a space, then another word character make two such pieces.
 */
export function countWordsUpToTwo(text: string): 0 | 1 | 2 {
  const first = WORD_CHARACTER.exec(text);
  if (first === null) return 0;
  const space = text.indexOf(" ", first.index);
  if (space === -1) return 1;
  NEXT_WORD_CHARACTER.lastIndex = space;
  return NEXT_WORD_CHARACTER.test(text) ? 2 : 1;
}
