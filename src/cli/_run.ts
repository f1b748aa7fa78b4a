/**
 * The driver: nc shorthands, --help and --version, flag checking, then the command. citty's
 * runMain would exit 1 on usage errors; sockit promises 2, so the loop is ours, and so is
 * the parse (_argv.ts), which calls the command's run() as citty's runCommand would.
 */
import type { CommandDef } from "citty";
import { normalizeArgs, parsedArgs } from "./_argv.ts";
import { debugging, describeError, EXIT_OK, EXIT_USAGE, USAGE_HINT } from "./_errors.ts";
import { renderHelp } from "./_help.ts";
import { resolveShorthand } from "./_shorthand.ts";
import { writeErr, writeOut } from "./_terminal.ts";
import { type CommandName, HELP, main, subCommands, VERSION } from "./main.ts";

const HELP_FLAGS = new Set(["-h", "--help"]);
const VERSION_FLAGS = new Set(["-V", "--version"]);

/** Runs sockit with `argv` (without the program name); resolves with the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  if (argv.length === 1 && VERSION_FLAGS.has(argv[0] as string)) {
    writeOut(VERSION);
    return EXIT_OK;
  }
  const names = Object.keys(subCommands);
  if (argv.length === 0 || (HELP_FLAGS.has(argv[0] as string) && argv.length === 1)) {
    writeOut(renderHelp("sockit", main as CommandDef, HELP.sockit));
    return argv.length === 0 ? EXIT_USAGE : EXIT_OK;
  }
  try {
    const [name, ...rest] = resolveShorthand(argv, names) as [CommandName, ...string[]];
    const cmd = (await subCommands[name]()) as CommandDef;
    if (rest.some((word) => HELP_FLAGS.has(word))) {
      writeOut(renderHelp(`sockit ${name}`, cmd, HELP[name]));
      return EXIT_OK;
    }
    const defs = (cmd.args ?? {}) as Parameters<typeof normalizeArgs>[1];
    const rawArgs = normalizeArgs(rest, defs);
    // nc/ncat's spelling (no command word) brings ncat's defaults, such as its port 31337.
    const data = { ncat: argv[0] !== name };
    const args = parsedArgs(rawArgs, defs) as Parameters<NonNullable<CommandDef["run"]>>[0]["args"];
    const result = await cmd.run?.({ rawArgs, args, cmd, data });
    return typeof result === "number" ? result : EXIT_OK;
  } catch (err) {
    const { line, code } = describeError(err);
    writeErr(`sockit: ${line}`);
    if (code === EXIT_USAGE) writeErr(USAGE_HINT);
    if (debugging({ debug: argv.includes("--debug") }) && err instanceof Error && err.stack)
      writeErr(err.stack);
    return code;
  }
}
