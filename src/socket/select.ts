/**
 * Python's `select.select()` over sockit sockets: the readiness loop that non-blocking code is
 * written against. A listener is readable when a connection waits, a stream when data, EOF or
 * an error waits, a datagram socket when a datagram waits; writable when a send would not wait.
 *
 * @example
 * const [readable] = await select([server, ...clients], [], [], 1.0);
 */
import { READINESS, type Readiness } from "./_transport.ts";
import { activity } from "./_waiting.ts";
import { TimeoutError, ValueError } from "./errors.ts";

interface Selectable {
  [READINESS](): Readiness;
}

/** Resolves with `[readable, writable, exceptional]` once any is non-empty or the timeout ends. */
export async function select<R, W, X>(
  rlist: readonly R[],
  wlist: readonly W[],
  xlist: readonly X[],
  timeout: number | null = null,
): Promise<[R[], W[], X[]]> {
  // Python checks the timeout before the lists: a bad timeout wins over a bad list item.
  const deadline = deadlineFor(timeout);
  for (const item of [...rlist, ...wlist, ...xlist]) check(item);
  for (;;) {
    const readable = rlist.filter((s) => state(s).read);
    const writable = wlist.filter((s) => state(s).write);
    // Out-of-band data never reaches a Bun socket, so nothing is ever exceptional.
    if (readable.length > 0 || writable.length > 0) return [readable, writable, []];
    const left = deadline - performance.now();
    if (left <= 0) return [[], [], []];
    try {
      await activity.next(left);
    } catch (err) {
      if (err instanceof TimeoutError) return [[], [], []];
      throw err;
    }
  }
}

function deadlineFor(timeout: number | null): number {
  if (timeout === null || timeout === undefined) return Number.POSITIVE_INFINITY;
  if (typeof timeout !== "number") {
    // CPython's select names no type here, unlike most of its argument errors.
    throw new TypeError("timeout must be a float or None");
  }
  if (Number.isNaN(timeout)) throw new ValueError("Invalid value NaN (not a number)");
  if (timeout < 0) throw new ValueError("timeout must be non-negative");
  return performance.now() + timeout * 1000;
}

function state(item: unknown): Readiness {
  return (item as Selectable)[READINESS]();
}

function check(item: unknown): void {
  if (typeof item !== "object" || item === null || !(READINESS in item)) {
    throw new TypeError("argument must be an int, or have a fileno() method.");
  }
  if (state(item).closed) {
    throw new ValueError("file descriptor cannot be a negative integer (-1)");
  }
}
