/**
 * nc's and ncat's shorthands, which name no subcommand: `sockit -l 8080`, `sockit 8080 -l -k`
 * and `sockit host 80` become `listen ...` and `connect ...`, and `sockit -v connect HOST PORT`
 * (options before the command, as with git) becomes `connect -v HOST PORT`.
 */
import { isShortCluster } from "./_argv.ts";
import { UsageError } from "./_errors.ts";
import { closest } from "./_suggest.ts";

/** Short letters that take a value in either listen or connect, as in nc's getopt string. */
const VALUE_LETTERS = new Set(["p", "s", "w", "i", "q", "m", "o", "U", "e", "c", "X"]);

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
