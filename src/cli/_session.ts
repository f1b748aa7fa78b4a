/**
 * The frame every data command runs in: a Reporter for its flags, errors turned into one line
 * and an exit code (the stack only with --verbose), and the closing summary.
 */
import type { CommonFlags } from "./_args.ts";
import { describeError, EXIT_OK, EXIT_USAGE, USAGE_HINT } from "./_errors.ts";
import { writeErr } from "./_terminal.ts";
import { createLogger } from "./report/logger.ts";
import { Reporter } from "./report/reporter.ts";

export async function runSession(
  flags: CommonFlags,
  body: (reporter: Reporter) => Promise<number | undefined>,
): Promise<number> {
  const reporter = new Reporter(flags, await createLogger());
  try {
    const code = (await body(reporter)) ?? EXIT_OK;
    reporter.summary();
    return code;
  } catch (err) {
    const { line, code } = describeError(err);
    reporter.error(line);
    // Bad ports and addresses are only found here, inside the command; they deserve the same
    // hint as a bad flag. Not under --json, where every stderr line must be a JSON event.
    if (code === EXIT_USAGE && !flags.json) writeErr(USAGE_HINT);
    if (flags.verbose) writeErr(stackOf(err));
    return code;
  }
}

function stackOf(err: unknown): string {
  const lines: string[] = [];
  for (let e: unknown = err; e instanceof Error; e = e.cause) lines.push(e.stack ?? String(e));
  return lines.join("\ncaused by: ");
}
