/**
 * The one pump between two endpoints: bytes move both ways with backpressure, each side's EOF
 * half-closes the other, and the session ends when both directions are done, or at -q after
 * the right side's EOF, or after -i of silence. A peer that hangs up is a normal end.
 *
 * LEFT is the connection the command made or accepted; RIGHT is what it is joined to (stdio,
 * a program, another socket). Reports call LEFT → RIGHT "received" and RIGHT → LEFT "sent".
 */
import { IdleTimeout } from "./_errors.ts";
import { copySpliced } from "./_splice-copy.ts";
import { after, IdleTimer } from "./_timers.ts";
import { type Endpoint, PeerGone } from "./endpoints/endpoint.ts";
import { crlfEncoder } from "./endpoints/stdio.ts";
import type { Reporter } from "./report/reporter.ts";

export interface PumpOptions {
  /** -C: LF → CRLF on what RIGHT sends to LEFT. */
  crlf?: boolean;
  /** -q: end this many seconds after RIGHT's EOF. */
  quitAfterEof?: number;
  /** -i: end after this many seconds with no bytes either way. */
  idleSeconds?: number;
  /** --send-only: the session is over once RIGHT → LEFT is done. */
  endWhenSent?: boolean;
  /** --no-shutdown: RIGHT's EOF does not half-close LEFT; the session ends when LEFT does. */
  noShutdown?: boolean;
  /** --delay: seconds to wait after each chunk sent to LEFT (ncat's -d). */
  delay?: number;
  /** The connection's number in reports (-k), 0 for a single session. */
  id?: number;
}

/**
 * Runs the session to its end; rejects only on real failures (a reset, a timeout). It ends
 * when both directions are finished: LEFT's EOF has arrived and all of RIGHT has been sent
 * (a peer that half-closes still gets our file). When RIGHT is a terminal, LEFT's EOF alone
 * ends it, since nobody is going to type into a closed connection. When RIGHT is stdin
 * (`idleIsDone`), LEFT's EOF ends it once stdin has kept the pump waiting for the grace
 * period (-q, else STDIN_GRACE): a file still being sent keeps flowing, an idle stdin no longer
 * holds a finished session open, as ncat ends. Closing the endpoints is the caller's job.
 *
 * @example
 * await pump(socketEndpoint(conn, label), stdioEndpoint({ read: true }), { quitAfterEof: 1 }, reporter);
 */
export async function pump(
  left: Endpoint,
  right: Endpoint,
  options: PumpOptions,
  reporter: Reporter,
): Promise<void> {
  const id = options.id ?? 0;
  const idle = new IdleTimer(options.idleSeconds);
  const encode = options.crlf ? crlfEncoder() : (raw: Uint8Array) => raw;
  const onSent = (chunk: Uint8Array) => {
    const out = encode(chunk);
    reporter.data("sent", out, id);
    idle.touch();
    return out;
  };
  const onReceived = (chunk: Uint8Array) => {
    idle.touch();
    reporter.data("received", chunk, id);
    return chunk;
  };
  const plain = !options.crlf && !options.delay && !options.noShutdown;
  if (right.echoes && plain) {
    // --echo: each chunk goes straight back, from inside the socket's data callback where
    // it can, else in one loop instead of two around a hand-off.
    const each = (chunk: Uint8Array) => onSent(onReceived(chunk));
    return endOf([left.echoBack?.(each) ?? copy(left, left, each)], idle);
  }
  const source = watchReads(right);
  // A regular file on stdin goes by sendfile(2) unless a report needs to see its bytes.
  const byKernel = Boolean(right.file && left.sendFile && plain && !reporter.needsBytes);
  const sent = byKernel
    ? copyFile(right, left, (count) => {
        reporter.counted("sent", count, id);
        idle.touch();
      })
    : copy(source.endpoint, left, onSent, { halfClose: !options.noShutdown, delay: options.delay });
  // stdout that takes splice(2) gets the socket's bytes through the kernel, unless a report shows them.
  const counted = (count: number) => {
    idle.touch();
    reporter.counted("received", count, id);
  };
  const received =
    right.spliceSink && left.receiveSplicer && !reporter.needsBytes
      ? copySpliced(left, right, { each: onReceived, counted })
      : copy(left, right, onReceived);
  const quit = sent.then(() => after(options.quitAfterEof));
  const ends: Promise<unknown>[] = [
    right.interactive ? received : Promise.all([received, sent]),
    quit,
  ];
  if (options.endWhenSent) ends.push(sent);
  // A file never keeps the pump waiting, so it is sent to its end.
  if (right.idleIsDone && right.read && !byKernel)
    ends.push(received.then(() => source.quietFor(options.quitAfterEof ?? STDIN_GRACE)));
  if (right.finished) ends.push(Promise.all([sent, right.finished]));
  if (left.finished) ends.push(Promise.all([received, left.finished]));
  for (const end of [sent, received]) end.catch(() => {});
  return endOf(ends, idle);
}

/** The first of `ends` to settle, or the idle timeout; then the idle timer stops. */
async function endOf(ends: Promise<unknown>[], idle: IdleTimer): Promise<void> {
  const expired = idle.expired.then(() => {
    throw new IdleTimeout(idle.seconds ?? 0);
  });
  // Whatever loses the race may still reject (a read cut short by close): that is expected.
  for (const end of [...ends, expired]) end.catch(() => {});
  try {
    await Promise.race([...ends, expired]);
  } finally {
    idle.stop();
  }
}

/** How much of a file one sendfile call may send: big, but the idle timer still hears of it. */
const FILE_BLOCK = 64 * 1024 * 1024;

/** `from` is a regular file: the kernel copies it into `to` (sendfile), then half-closes `to`. */
async function copyFile(from: Endpoint, to: Endpoint, each: (count: number) => void) {
  const file = from.file;
  const sendFile = to.sendFile;
  if (!file || !sendFile) return;
  try {
    for (let offset = file.position; ; ) {
      const count = await sendFile(file.fd, offset, FILE_BLOCK);
      if (count === 0) break;
      offset += count;
      each(count);
    }
    to.shutdownWrite();
  } catch (err) {
    if (err instanceof PeerGone) return;
    throw err;
  }
}

/** After the peer's EOF, how long stdin may keep the pump waiting before the session ends. */
export const STDIN_GRACE = 0.5;

/**
 * `endpoint` with its reads timed: `quietFor(s)` resolves once a read has been waiting for
 * `s` seconds, that is once the source has stopped delivering (not while a chunk is on its way
 * out to a slow peer, which is backpressure, not silence).
 */
function watchReads(endpoint: Endpoint) {
  let waitingSince: number | null = null;
  const read = endpoint.read?.bind(endpoint);
  const watched: Endpoint = Object.create(endpoint);
  if (read) {
    watched.read = async () => {
      waitingSince = performance.now();
      try {
        return await read();
      } finally {
        waitingSince = null;
      }
    };
  }
  const quietFor = async (seconds: number) => {
    for (;;) {
      const waited = waitingSince === null ? 0 : (performance.now() - waitingSince) / 1000;
      if (waited >= seconds) return;
      await after(seconds - waited);
    }
  };
  return { endpoint: watched, quietFor };
}

/**
 * Moves `from` into `to` until `from`'s EOF, then half-closes `to` (unless told not to). `to`
 * hanging up ends the copy quietly; a `from` that is never read (no read method) is done at once.
 */
async function copy(
  from: Endpoint,
  to: Endpoint,
  each: (chunk: Uint8Array) => Uint8Array,
  { halfClose = true, delay }: { halfClose?: boolean; delay?: number } = {},
) {
  if (!from.read) return;
  try {
    for (;;) {
      const chunk = await from.read();
      if (chunk === null) break;
      await to.write(each(chunk));
      if (delay) await after(delay);
    }
    if (halfClose) to.shutdownWrite();
  } catch (err) {
    if (err instanceof PeerGone) return;
    throw err;
  }
}
