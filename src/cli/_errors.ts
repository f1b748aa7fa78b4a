/**
 * Every failure becomes one line on stderr and an exit code: 0 success, 1 network error
 * (refused, reset, timeout, DNS), 2 usage error (bad flag, port or address).
 */
import { OSError } from "../socket/index.ts";
import { tlsErrorText } from "./_tls-errors.ts";

export const EXIT_OK = 0;
export const EXIT_NETWORK = 1;
export const EXIT_USAGE = 2;

/** The second line under a usage error, pointing at the help (as GNU tools do). */
export const USAGE_HINT = "Try 'sockit --help' for more information.";

/** A mistake on the command line: exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A network failure with what we were doing: `connect 127.0.0.1:9: [Errno 111] ...`. */
export class NetworkError extends Error {
  override name = "NetworkError";
  constructor(
    readonly action: string,
    readonly original: unknown,
  ) {
    super(`${action}: ${messageOf(original)}`, { cause: original });
  }
}

/** `err` with what we were doing (NetworkError), unless it speaks for itself (IdleTimeout). */
export function explained(action: string, err: unknown): Error {
  const speaks = err instanceof IdleTimeout || err instanceof StdoutFailed;
  return speaks || err instanceof StdoutClosed ? (err as Error) : new NetworkError(action, err);
}

/**
 * stdout's reader has gone (EPIPE, as after `| head -c 100`): the session ends at once and
 * exits 0, as nc.openbsd's does; a reader that took what it wanted is not a network failure.
 */
export class StdoutClosed extends Error {
  override name = "StdoutClosed";
}

/** A write to stdout failed (`> /dev/full`): exit 1, `stdout: [Errno 28] No space left on device`. */
export class StdoutFailed extends Error {
  override name = "StdoutFailed";
}

/** The first error of class `Class` in `err`'s cause chain. */
export function causeOf<T extends Error>(
  err: unknown,
  Class: abstract new (...args: never[]) => T,
): T | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) if (e instanceof Class) return e;
  return undefined;
}

/** -i passed with nothing moving: a timeout, so exit 1, in ncat's words. */
export class IdleTimeout extends Error {
  override name = "IdleTimeout";
  constructor(seconds: number) {
    super(`Idle timeout expired (${Number(seconds.toFixed(3))} s).`);
  }
}

/** The one line a user sees, and the exit code that goes with it. */
export function describeError(err: unknown): { line: string; code: number } {
  const stdout = causeOf(err, StdoutFailed);
  if (stdout) return { line: stdout.message, code: EXIT_NETWORK };
  if (err instanceof UsageError) return { line: err.message, code: EXIT_USAGE };
  if (err instanceof IdleTimeout) return { line: err.message, code: EXIT_NETWORK };
  if (err instanceof NetworkError) return { line: err.message, code: EXIT_NETWORK };
  if (err instanceof OSError) return { line: messageOf(err), code: EXIT_NETWORK };
  if (err instanceof TypeError || err instanceof RangeError) {
    return { line: err.message, code: EXIT_USAGE };
  }
  return { line: messageOf(err), code: EXIT_NETWORK };
}

function messageOf(err: unknown): string {
  const tls = tlsErrorText(err);
  if (tls) return tls;
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** --debug, or SOCKIT_DEBUG set to anything but empty or 0: stack traces with errors. */
export function debugging(flags: { debug?: boolean }): boolean {
  const env = process.env.SOCKIT_DEBUG;
  return Boolean(flags.debug) || (env !== undefined && env !== "" && env !== "0");
}
