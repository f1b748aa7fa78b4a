/**
 * Command-line words before citty sees them: nc's shorthands (`sockit -l 8080`,
 * `sockit -lk -p 8080`, `sockit host 80`) become subcommands, and getopt-style short clusters
 * (`-lkv`, `-w3`, `-p 8080`) become long flags. Unknown flags are rejected here, since citty
 * itself accepts anything.
 */
import type { ArgsDef } from "citty";
import { UsageError } from "./_errors.ts";

/** Short letters that take a value in either listen or connect, as in nc's getopt string. */
const VALUE_LETTERS = new Set(["p", "s", "w", "i", "q", "m", "o", "U", "e", "c"]);

/** Maps nc-style words onto `listen ...` or `connect ...`; others pass through. */
export function resolveShorthand(argv: readonly string[], commands: readonly string[]): string[] {
  const first = argv[0];
  if (first === undefined || commands.includes(first)) return [...argv];
  let listen = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === "--listen") {
      listen = true;
      continue;
    }
    if (!isShortCluster(word)) {
      rest.push(word);
      continue;
    }
    const { letters, takesNext } = stripListen(word.slice(1));
    if (letters.length < word.length - 1) listen = true;
    if (letters) rest.push(`-${letters}`);
    if (takesNext && i + 1 < argv.length) rest.push(argv[++i] as string);
  }
  return [listen ? "listen" : "connect", ...rest];
}

/** Removes `l` from a cluster, stopping where a letter's value begins. */
function stripListen(cluster: string): { letters: string; takesNext: boolean } {
  let letters = "";
  for (let j = 0; j < cluster.length; j++) {
    const letter = cluster[j] as string;
    if (VALUE_LETTERS.has(letter)) {
      const value = cluster.slice(j + 1);
      return { letters: letters + letter + value, takesNext: value === "" };
    }
    if (letter !== "l") letters += letter;
  }
  return { letters, takesNext: false };
}

function isShortCluster(word: string): boolean {
  return word.length > 1 && word.startsWith("-") && !word.startsWith("--");
}

/** Rewrites argv into long flags citty understands, rejecting what `args` does not define. */
export function normalizeArgs(argv: readonly string[], args: ArgsDef): string[] {
  const byAlias = new Map<string, string>();
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") continue;
    for (const alias of [(def as { alias?: string | string[] }).alias ?? []].flat())
      byAlias.set(alias, name);
  }
  const isValue = (name: string) => args[name]?.type === "string" || args[name]?.type === "enum";
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === "--") {
      out.push(...argv.slice(i));
      break;
    }
    if (word.startsWith("--")) {
      const [rawName = "", inline] = splitOnce(word.slice(2), "=");
      // `--no-progress` turns a boolean off; citty understands the `--no-` prefix itself.
      const negated = rawName.startsWith("no-") ? rawName.slice(3) : "";
      if (args[negated]?.type === "boolean" && inline === undefined) {
        out.push(`--no-${negated}`);
        continue;
      }
      const name = args[rawName] ? rawName : byAlias.get(rawName);
      if (!name || args[name]?.type === "positional")
        throw new UsageError(`unknown option '--${rawName}'`);
      if (!isValue(name)) {
        if (inline !== undefined) throw new UsageError(`option '--${name}' takes no value`);
        out.push(`--${name}`);
        continue;
      }
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`option '--${name}' needs a value`);
      out.push(`--${name}=${value}`);
      continue;
    }
    if (!isShortCluster(word)) {
      out.push(word);
      continue;
    }
    for (let j = 1; j < word.length; j++) {
      const letter = word[j] as string;
      const name = byAlias.get(letter);
      if (!name) throw new UsageError(`unknown option '-${letter}'`);
      if (!isValue(name)) {
        out.push(`--${name}`);
        continue;
      }
      const value = j + 1 < word.length ? word.slice(j + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`option '-${letter}' needs a value`);
      out.push(`--${name}=${value}`);
      break;
    }
  }
  return mergeRepeated(out);
}

/** Flags that may be given many times; citty keeps only the last, so they are merged first. */
const REPEATABLE = new Set(["allow", "deny", "allowfile", "denyfile"]);

/** Every `--name=value` of a repeatable flag becomes one, its values a line each. */
function mergeRepeated(words: string[]): string[] {
  const merged = new Map<string, number>();
  const out: string[] = [];
  for (const [i, word] of words.entries()) {
    if (word === "--") return [...out, ...words.slice(i)];
    const [flag = "", value] = splitOnce(word, "=");
    const name = flag.slice(2);
    const at = merged.get(name);
    if (!flag.startsWith("--") || value === undefined || !REPEATABLE.has(name)) out.push(word);
    else if (at === undefined) merged.set(name, out.push(word) - 1);
    else out[at] += `\n${value}`;
  }
  return out;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
