/**
 * The frame every data command runs in: a Reporter for its flags, errors turned into one line
 * and an exit code, and the closing summary. `-v` never adds a stack trace (nc users type it
 * out of habit); `--debug` or SOCKIT_DEBUG=1 does, for bug reports.
 */
import type { CommonFlags } from "./_args.ts";
import {
  causeOf,
  debugging,
  describeError,
  EXIT_OK,
  EXIT_USAGE,
  IdleTimeout,
  StdoutClosed,
  USAGE_HINT,
} from "./_errors.ts";
import { writeErr } from "./_terminal.ts";
import { createLogger } from "./report/logger.ts";
import { Reporter } from "./report/reporter.ts";

export async function runSession(
  flags: CommonFlags,
  body: (reporter: Reporter) => Promise<number | undefined>,
): Promise<number> {
  const logger = await createLogger();
  let reporter: Reporter | undefined;
  try {
    reporter = new Reporter(flags, logger);
    const code = (await body(reporter)) ?? EXIT_OK;
    reporter.summary();
    return code;
  } catch (err) {
    if (reporter && causeOf(err, StdoutClosed)) {
      reporter.summary();
      return EXIT_OK;
    }
    const { line, code } = describeError(err);
    if (reporter) reporter.error(line, err);
    else logger.error(line);
    // A session that ran until -i ended it still has its figures to report.
    if (reporter && err instanceof IdleTimeout) reporter.summary();
    // Bad ports and addresses are only found here, inside the command; they deserve the same
    // hint as a bad flag. Not under --json, where every stderr line must be a JSON event.
    if (code === EXIT_USAGE && !flags.json) writeErr(USAGE_HINT);
    if (debugging(flags)) writeErr(stackOf(err));
    return code;
  }
}

function stackOf(err: unknown): string {
  const lines: string[] = [];
  for (let e: unknown = err; e instanceof Error; e = e.cause) lines.push(e.stack ?? String(e));
  return lines.join("\ncaused by: ");
}
