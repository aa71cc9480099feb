/**
 * Trims characters of `set` from both ends (or one). A loop instead of `/[…]+$/`, which backtracks
 * quadratically on long runs of those characters that are not at the end.
 */
export function trimChars(
  text: string,
  set: string,
  sides: "both" | "start" | "end" = "both",
): string {
  let start = 0;
  let end = text.length;
  if (sides !== "end") while (start < end && set.includes(text.charAt(start))) start += 1;
  if (sides !== "start") while (end > start && set.includes(text.charAt(end - 1))) end -= 1;
  return text.slice(start, end);
}
