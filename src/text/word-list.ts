/** `a`, `a or b`, `a, b or c` (or with `and`): the words as a sentence lists them. */
export function wordList(words: readonly string[], conjunction: 'or' | 'and' = 'or'): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}
