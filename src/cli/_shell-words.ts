/**
 * `--exec CMD` without a shell: CMD is split into argv as sh would split it (quotes and
 * backslashes), but nothing is expanded: no $VAR, no globs, no pipes. Those need --sh-exec.
 */
import { UsageError } from "./_errors.ts";

/**
 * Splits `text` into words as POSIX sh does before expansion.
 *
 * @example
 * shellWords(`grep -i "two words" 'a\\b'`); // ["grep", "-i", "two words", "a\\b"]
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let i = 0;
  const add = (piece: string) => {
    word = (word ?? "") + piece;
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === " " || ch === "\t" || ch === "\n") {
      if (word !== null) words.push(word);
      word = null;
      i++;
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new UsageError(`unterminated ' in '${text}'`);
      add(text.slice(i + 1, end));
      i = end + 1;
    } else if (ch === '"') {
      const [piece, next] = doubleQuoted(text, i + 1);
      add(piece);
      i = next;
    } else if (ch === "\\") {
      // A backslash-newline joins lines; otherwise the next character is taken as is.
      if (text[i + 1] !== "\n") add(text[i + 1] ?? "");
      i += 2;
    } else {
      add(ch);
      i++;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** Inside "...": a backslash escapes only $ ` " \ and newline, as in sh. */
function doubleQuoted(text: string, start: number): [string, number] {
  let out = "";
  for (let i = start; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"') return [out, i + 1];
    if (ch === "\\" && '$`"\\\n'.includes(text[i + 1] ?? "")) {
      if (text[i + 1] !== "\n") out += text[i + 1];
      i++;
    } else {
      out += ch;
    }
  }
  throw new UsageError(`unterminated " in '${text}'`);
}
