/**
 * Python's `select.select()`: the readiness loop that non-blocking code is written against.
 * It takes what Python's takes: sockit sockets, integer descriptors, and objects with a
 * `fileno()` (stdin, pipes, files; a regular file is always ready). A listener is readable
 * when a connection waits, a stream when data, EOF or an error waits, a datagram socket when a
 * datagram waits; writable when a send would not wait.
 *
 * @example
 * const [readable] = await select([server, ...clients], [], [], 1.0);
 * const [ready] = await select([0, sock], [], []); // stdin or the socket
 */
import { toSeconds } from "./_args.ts";
import { FD_POLL_INTERVAL_MS, type FdState, pollFds } from "./_fd-poll.ts";
import { fileDescriptorOf, socketForFd } from "./_fd-registry.ts";
import { READINESS, type Readiness } from "./_transport.ts";
import { activity } from "./_waiting.ts";
import { TimeoutError, ValueError } from "./errors.ts";

interface Selectable {
  [READINESS](): Readiness;
}

/** What select() asks about an item: a sockit socket, or a plain descriptor. */
type Probe = { sock: Selectable; fd?: undefined } | { fd: number; sock?: undefined };

/** Resolves with `[readable, writable, exceptional]` once any is non-empty or the timeout ends. */
export async function select<R, W, X>(
  rlist: readonly R[],
  wlist: readonly W[],
  xlist: readonly X[],
  timeout: number | null = null,
): Promise<[R[], W[], X[]]> {
  // Python checks the timeout before the lists: a bad timeout wins over a bad list item.
  const deadline = deadlineFor(timeout);
  const probes = new Map<unknown, Probe>();
  for (const item of [...rlist, ...wlist, ...xlist]) probes.set(item, probeFor(item));
  const fds = [...probes.values()].flatMap((p) => (p.fd === undefined ? [] : [p.fd]));
  for (;;) {
    const native = pollFds(fds);
    const ready = (item: unknown, want: keyof FdState) => {
      const probe = probes.get(item) as Probe;
      if (probe.fd !== undefined) return (native.get(probe.fd) as FdState)[want];
      // Out-of-band data never reaches a Bun socket, so a socket is never exceptional.
      return want !== "except" && probe.sock[READINESS]()[want];
    };
    const readable = rlist.filter((item) => ready(item, "read"));
    const writable = wlist.filter((item) => ready(item, "write"));
    const exceptional = xlist.filter((item) => ready(item, "except"));
    if (readable.length + writable.length + exceptional.length > 0) {
      return [readable, writable, exceptional];
    }
    const left = deadline - performance.now();
    if (left <= 0) return [[], [], []];
    try {
      await activity.next(fds.length > 0 ? Math.min(left, FD_POLL_INTERVAL_MS) : left);
    } catch (err) {
      if (!(err instanceof TimeoutError)) throw err;
    }
  }
}

function deadlineFor(timeout: number | null): number {
  if (timeout === null || timeout === undefined) return Number.POSITIVE_INFINITY;
  if (typeof timeout !== "number") {
    // CPython's select names no type here, unlike most of its argument errors.
    throw new TypeError("timeout must be a float or None");
  }
  if (toSeconds(timeout) < 0) throw new ValueError("timeout must be non-negative");
  return performance.now() + timeout * 1000;
}

function probeFor(item: unknown): Probe {
  if (typeof item === "object" && item !== null && READINESS in item) {
    const sock = item as Selectable;
    if (sock[READINESS]().closed) {
      throw new ValueError("file descriptor cannot be a negative integer (-1)");
    }
    return { sock };
  }
  const fd = fileDescriptorOf(item);
  const owner = socketForFd(fd, (o) => (o as { fileno(): number }).fileno());
  return owner ? { sock: owner as Selectable } : { fd };
}
