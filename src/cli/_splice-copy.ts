/**
 * LEFT → RIGHT when LEFT is a plain stream and RIGHT is stdout as a pipe, a file or /dev/null
 * (Linux): once bytes stream in, splice(2) moves them socket → pipe → stdout in the kernel,
 * without the two copies and the fresh memory of every chunk read through Bun.
 *
 * Waiting is the delicate part. Bun is paused while we splice, so it cannot tell us when more
 * arrives; a poll(2) on the socket does, blocking this thread for at most WAIT_MS. Data
 * flowing at loopback speed comes back within microseconds; a longer silence hands the socket
 * back to Bun and waits through its event loop (an ordinary read), so an idle connection
 * never holds the thread. The next large chunk switches to splicing again. With several
 * sessions splicing at once (-k) none of them waits in poll(2): the others need the thread.
 */
import { ptr } from "bun:ffi";
import { libc, type ReceiveSplicer } from "../socket/extensions.ts";
import { errnoOf, OSError } from "../socket/index.ts";
import { type SpliceSink, spliceError } from "./endpoints/_stdout-splice.ts";
import { type Endpoint, PeerGone } from "./endpoints/endpoint.ts";
import { writable } from "./endpoints/stdio.ts";

/** A chunk this large says bytes are streaming (Bun hands over 64 KiB pieces on loopback). */
const BULK = 32 * 1024;
/** The most one splice moves: our pipe's size. */
const SPLICE_MAX = 1024 * 1024;
/** The longest the thread waits in poll(2) for more data before Bun's loop takes over. */
const WAIT_MS = 5;
/** Sessions splicing now: only a lone one may hold the thread in poll(2). */
let splicing = 0;
/** How long splicing may run before timers, signals and the other direction get a turn. */
const TURN_MS = 4;
const POLLIN = 0x1;
const POLLOUT = 0x4;
/** What the kernel answers where splice(2) does not serve this socket or stdout after all. */
const UNSUPPORTED = new Set(["EINVAL", "ENOSYS", "EOPNOTSUPP"].map(errnoOf));
const EPIPE = errnoOf("EPIPE");

export interface SplicedCopy {
  /** Bytes that came through JavaScript (read before splicing began): reported, returned. */
  each(chunk: Uint8Array): Uint8Array;
  /** Bytes that went through the kernel only. */
  counted(count: number): void;
}

/**
 * As the pump's copy from `from` (a socket) to `to` (stdout), splicing whenever it can.
 * A `to` that hangs up ends the copy quietly, as in copy().
 *
 * @example
 * await copySpliced(left, right, { each: onReceived, counted: (n) => reporter.counted("received", n) });
 */
export async function copySpliced(from: Endpoint, to: Endpoint, report: SplicedCopy) {
  if (!from.read) return;
  let route: { splicer: ReceiveSplicer; sink: SpliceSink } | null | undefined;
  try {
    for (;;) {
      const chunk = await from.read();
      if (chunk === null) break;
      await to.write(report.each(chunk));
      if (chunk.length < BULK || route === null) continue;
      route ??= openRoute(from, to);
      if (!route) continue;
      splicing++;
      const end = await spliceRun(route.splicer, route.sink, to, report).finally(() => splicing--);
      if (end === "eof") break;
      if (end === "refused") {
        route.splicer.release();
        route.sink.close();
        route = null;
      }
    }
    to.shutdownWrite();
  } catch (err) {
    if (err instanceof PeerGone) return;
    throw err;
  } finally {
    route?.splicer.release();
    route?.sink.close();
  }
}

function openRoute(from: Endpoint, to: Endpoint) {
  const splicer = from.receiveSplicer?.() ?? null;
  const sink = splicer && (to.spliceSink?.() ?? null);
  return splicer && sink ? { splicer, sink } : null;
}

/** Splices until EOF, a silence longer than WAIT_MS ("idle"), or a refusal of splice. */
async function spliceRun(
  splicer: ReceiveSplicer,
  sink: SpliceSink,
  to: Endpoint,
  report: SplicedCopy,
): Promise<"eof" | "idle" | "refused"> {
  let turnStarted = performance.now();
  for (;;) {
    const got = spliceOnce(splicer, sink);
    if (got === "refused") return got;
    if (typeof got !== "number") {
      await to.write(report.each(got));
      continue;
    }
    if (got === 0) return "eof";
    if (got > 0) {
      sink.flush(got);
      report.counted(got);
      if (sink.refused) return "refused";
      if (performance.now() - turnStarted >= TURN_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        turnStarted = performance.now();
      }
    } else if (sink.direct && !ready(sink.pipeFd, POLLOUT, 0)) {
      // stdout's reader is slow: wait as writes do, in slices that let signals through.
      await writable(sink.pipeFd);
    } else if (!ready(splicer.fd, POLLIN, splicing === 1 ? WAIT_MS : 0)) {
      splicer.release();
      return "idle";
    }
  }
}

/** One splice; the pipe's failures become stdout's, and a refusal ends splicing. */
function spliceOnce(splicer: ReceiveSplicer, sink: SpliceSink): number | Buffer | "refused" {
  try {
    return splicer.splice(sink.pipeFd, SPLICE_MAX);
  } catch (err) {
    if (!(err instanceof OSError) || err.errno === null) throw err;
    if (err.errno === EPIPE && sink.direct) throw spliceError(EPIPE);
    if (!UNSUPPORTED.has(err.errno)) throw err;
    splicer.release();
    return "refused";
  }
}

const table = new Int32Array(2);

/** poll(2) on one descriptor: did `events` (or a hang-up, an error) happen within `ms`? */
function ready(fd: number, events: number, ms: number): boolean {
  const lib = libc();
  if (!lib || fd < 0) return true;
  table[0] = fd;
  table[1] = events;
  return lib.poll(ptr(table), 1, ms) > 0;
}
