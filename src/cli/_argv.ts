/**
 * Command-line words before citty sees them, once _shorthand.ts has chosen the subcommand:
 * getopt-style short clusters (`-lkv`, `-w3`, `-p 8080`) become long flags. Unknown flags, `--no-`
 * forms a flag does not document, and words beyond the command's positionals are rejected here,
 * since citty itself accepts anything. Options and arguments may come in any order, as ncat
 * allows. The canonical words then become the object a command's run() reads (parsedArgs): citty's
 * own parser would bring node:util with it, about 2 ms of every start-up, for what is done here.
 */
import type { ArgDef, ArgsDef } from "citty";
import { UsageError } from "./_errors.ts";
import { closest } from "./_suggest.ts";

/**
 * sockit's own properties on a citty flag definition. `negativeDescription`: `--no-NAME` is
 * accepted (and documented with this text). `hidden`: accepted but left out of --help and
 * completions. `positionalFallback`: when the value is missing or is another option, the first
 * positional word is the value (ncat's `-U` is a flag and the socket path a positional).
 */
export interface FlagExtras {
  negativeDescription?: string;
  hidden?: boolean;
  positionalFallback?: boolean;
}

type Def = ArgDef & FlagExtras & { alias?: string | string[] };

/** citty's flag table with sockit's extras: what the commands' `args` satisfy. */
export type FlagsDef = Record<string, Def>;

/** `-lkv`, `-w3`: one dash and at least one letter. */
export function isShortCluster(word: string): boolean {
  return word.length > 1 && word.startsWith("-") && !word.startsWith("--");
}

function looksLikeOption(word: string | undefined): boolean {
  return word !== undefined && word.length > 1 && word.startsWith("-");
}

/**
 * Rewrites argv into long flags citty understands (options first, then `--` and the
 * positionals), rejecting what `args` does not define.
 */
export function normalizeArgs(argv: readonly string[], args: ArgsDef): string[] {
  const defs = args as Record<string, Def>;
  const byAlias = new Map<string, string>();
  for (const [name, def] of Object.entries(defs)) {
    if (def.type === "positional") continue;
    for (const alias of [def.alias ?? []].flat()) byAlias.set(alias, name);
  }
  const isValue = (name: string) => defs[name]?.type === "string" || defs[name]?.type === "enum";
  const options: string[] = [];
  const positionals: string[] = [];
  const fallbacks: string[] = [];
  // The value of a value option: inline, the next word, or (positionalFallback) a positional.
  const take = (name: string, shown: string, inline: string | undefined, i: number) => {
    if (inline !== undefined) return { value: inline, next: i };
    const word = argv[i + 1];
    if (defs[name]?.positionalFallback && (word === undefined || looksLikeOption(word))) {
      fallbacks.push(name);
      return { value: undefined, next: i };
    }
    if (word === undefined) throw new UsageError(`option '${shown}' needs a value`);
    return { value: word, next: i + 1 };
  };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (word.startsWith("--") && word.length > 2) {
      const [rawName = "", inline] = splitOnce(word.slice(2), "=");
      const negated = rawName.startsWith("no-")
        ? (byAlias.get(rawName.slice(3)) ?? rawName.slice(3))
        : "";
      if (defs[negated]?.negativeDescription && inline === undefined) {
        options.push(`--no-${negated}`);
        continue;
      }
      const name =
        defs[rawName] && defs[rawName].type !== "positional" ? rawName : byAlias.get(rawName);
      if (!name) throw unknownOption(`--${rawName}`, defs);
      if (!isValue(name)) {
        if (inline !== undefined) throw new UsageError(`option '--${rawName}' takes no value`);
        options.push(`--${name}`);
        continue;
      }
      const { value, next } = take(name, `--${rawName}`, inline, i);
      i = next;
      if (value !== undefined) options.push(`--${name}=${value}`);
      continue;
    }
    if (!isShortCluster(word)) {
      positionals.push(word);
      continue;
    }
    for (let j = 1; j < word.length; j++) {
      const letter = word[j] as string;
      const name = byAlias.get(letter);
      if (!name) throw unknownOption(`-${letter}`, defs);
      if (!isValue(name)) {
        options.push(`--${name}`);
        continue;
      }
      const inline = j + 1 < word.length ? word.slice(j + 1) : undefined;
      const { value, next } = take(name, `-${letter}`, inline, i);
      i = next;
      if (value !== undefined) options.push(`--${name}=${value}`);
      break;
    }
  }
  for (const name of fallbacks) {
    const value = positionals.shift();
    if (value === undefined) throw new UsageError(`option '--${name}' needs a value`);
    options.push(`--${name}=${value}`);
  }
  checkPositionalCount(positionals, defs);
  return mergeRepeated([...options, "--", ...positionals]);
}

/** What a command's run() reads: each flag by its name, positionals by theirs, all of them in `_`. */
export interface ParsedArgs {
  _: string[];
  [name: string]: string | boolean | string[] | undefined;
}

/**
 * The words normalizeArgs returns as flags and positionals: `--name=value` is a string,
 * `--name` true, `--no-name` false (only a name the table has, so a flag that begins with
 * "no-" stays itself), and the words after `--` fill the positional definitions in order.
 */
export function parsedArgs(words: readonly string[], args: ArgsDef): ParsedArgs {
  const defs = args as Record<string, Def>;
  const end = words.indexOf("--");
  const positionals = end < 0 ? [] : words.slice(end + 1);
  const parsed: ParsedArgs = { _: [...positionals] };
  for (const word of end < 0 ? words : words.slice(0, end)) {
    const [name, value] = splitOnce(word.slice(2), "=");
    if (value !== undefined) parsed[name] = value;
    else if (defs[name] === undefined && name.startsWith("no-")) parsed[name.slice(3)] = false;
    else parsed[name] = true;
  }
  for (const [i, name] of positionalNames(defs).entries()) parsed[name] = positionals[i];
  return parsed;
}

/** The names of the positional definitions, in the order their words come. */
function positionalNames(defs: Record<string, Def>): string[] {
  return Object.keys(defs).filter((name) => defs[name]?.type === "positional");
}

function checkPositionalCount(positionals: string[], defs: Record<string, Def>): void {
  const extra = positionals[positionalNames(defs).length];
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
}

/** `unknown option '--verbos'; did you mean '--verbose'?` */
function unknownOption(shown: string, defs: Record<string, Def>): UsageError {
  const known: string[] = [];
  for (const [name, def] of Object.entries(defs)) {
    if (def.type === "positional" || def.hidden) continue;
    known.push(name, ...[def.alias ?? []].flat().filter((alias) => alias.length > 1));
  }
  const guess = shown.startsWith("--") ? closest(shown.slice(2), known) : undefined;
  const hint = guess ? `; did you mean '--${guess}'?` : "";
  return new UsageError(`unknown option '${shown}'${hint}`);
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
