/**
 * Command-line words before citty sees them: nc's and ncat's shorthands (`sockit -l 8080`,
 * `sockit 8080 -l -k`, `sockit host 80`) become subcommands, and getopt-style short clusters
 * (`-lkv`, `-w3`, `-p 8080`) become long flags. Unknown flags, `--no-` forms a flag does not
 * document, and words beyond the command's positionals are rejected here, since citty itself
 * accepts anything. Options and arguments may come in any order, as ncat allows. The
 * canonical words then become the object a command's run() reads (parsedArgs): citty's own
 * parser would bring node:util with it, about 2 ms of every start-up, for what is done here.
 */
import type { ArgDef, ArgsDef } from "citty";
import { UsageError } from "./_errors.ts";
import { closest } from "./_suggest.ts";

/** Short letters that take a value in either listen or connect, as in nc's getopt string. */
const VALUE_LETTERS = new Set(["p", "s", "w", "i", "q", "m", "o", "U", "e", "c", "X"]);

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

/** Maps nc-style words onto `listen ...` or `connect ...`; a near-miss of a command is an error. */
export function resolveShorthand(argv: readonly string[], commands: readonly string[]): string[] {
  const hoisted = commandAfterOptions(argv, commands);
  if (hoisted) return hoisted;
  const first = argv[0];
  if (first === undefined || commands.includes(first)) return [...argv];
  if (/^[a-z-]+$/i.test(first) && !first.startsWith("-")) {
    const guess = closest(first, commands);
    if (guess) throw new UsageError(`unknown command '${first}'; did you mean '${guess}'?`);
  }
  let listen = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === "--") {
      rest.push(...argv.slice(i));
      break;
    }
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

/**
 * `sockit -v connect HOST PORT` (options typed before the command, as with git or docker) is
 * `connect -v HOST PORT`, not a connection to a host named "connect". Only when every word
 * before it is an option and the last of them does not take the command word as its value.
 */
function commandAfterOptions(argv: readonly string[], commands: readonly string[]) {
  const at = argv.findIndex((word) => !word.startsWith("-"));
  if (at <= 0 || !commands.includes(argv[at] as string)) return undefined;
  const before = argv.slice(0, at);
  const last = before[at - 1] as string;
  if (before.includes("--") || (isShortCluster(last) && stripListen(last.slice(1)).takesNext))
    return undefined;
  return [argv[at] as string, ...before, ...argv.slice(at + 1)];
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
