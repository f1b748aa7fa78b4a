/**
 * Moving bytes over a connected stream with Python's blocking rules: send what fits (waiting
 * for drain when nothing does), send all, receive up to n, exactly n (MSG_WAITALL), or a line.
 *
 * Every call first tries to complete at once, as a blocking syscall would when the data or
 * the buffer space is there: then it costs one already-settled promise and no wait, timer or
 * closure. While the peer streams, a recv with nothing buffered reads the descriptor itself
 * (`_direct-read.ts`) before it waits. Only a call that must really wait enters an async loop
 * on the connection's Signal.
 * Fast paths throw synchronously; the Socket facade turns that into a rejection.
 * `stillOpen` re-checks the socket after every wait, so a close during a wait raises EBADF.
 */

import type { Deadline } from "../_waiting.ts";
import { MSG_PEEK, MSG_WAITALL } from "../constants.ts";
import { errorFor } from "../errors.ts";
import type { StreamConnection } from "./_connection.ts";

type Guard = () => void;

const NOTHING_SENT = Promise.resolve(0);

/**
 * MSG_WAITALL waits for the full count only on a blocking socket. With any timeout (0 included)
 * CPython waits for readability, then calls recv on a non-blocking descriptor, where MSG_WAITALL
 * returns whatever is there.
 */
function waitsForAll(flags: number, deadline: Deadline): boolean {
  return (flags & MSG_WAITALL) !== 0 && deadline.blocking;
}

/** One wait for a change on the connection: EAGAIN when non-blocking, TimeoutError late. */
async function waitChange(conn: StreamConnection, deadline: Deadline, stillOpen: Guard) {
  if (deadline.nonBlocking) throw errorFor("EAGAIN");
  await conn.signal.next(deadline.remaining());
  stillOpen();
}

/** send(): what the kernel takes now, at least one byte unless non-blocking. */
export function sendSome(
  conn: StreamConnection,
  data: Uint8Array,
  deadline: Deadline,
  stillOpen: Guard,
): Promise<number> {
  if (data.length === 0) return NOTHING_SENT;
  const written = conn.write(data);
  return written > 0 ? Promise.resolve(written) : sendSomeLater(conn, data, deadline, stillOpen);
}

async function sendSomeLater(
  conn: StreamConnection,
  data: Uint8Array,
  deadline: Deadline,
  stillOpen: Guard,
): Promise<number> {
  for (;;) {
    await waitChange(conn, deadline, stillOpen);
    const written = conn.write(data);
    if (written > 0) return written;
  }
}

const SENT: Promise<void> = Promise.resolve();

/**
 * sendall() for one socket. Concurrent calls go one after another, so their bytes never
 * interleave; with none queued, a call writes at once and usually ends there.
 */
export class SendallQueue {
  #tail: Promise<unknown> = SENT;
  #queued = 0;
  readonly #done = () => {
    this.#queued--;
  };

  send(conn: StreamConnection, data: Uint8Array, deadline: Deadline, stillOpen: Guard) {
    let rest = data;
    if (this.#queued === 0) {
      if (data.length === 0) return SENT;
      const written = conn.write(data);
      if (written === data.length) return SENT;
      rest = data.subarray(written);
    }
    this.#queued++;
    const run = this.#tail.then(() => sendAll(conn, rest, deadline, stillOpen));
    this.#tail = run.then(this.#done, this.#done);
    return run;
  }
}

/** Writes everything, within one deadline. */
async function sendAll(
  conn: StreamConnection,
  data: Uint8Array,
  deadline: Deadline,
  stillOpen: Guard,
): Promise<void> {
  stillOpen(); // the socket may have closed while this call waited its turn
  let rest = data;
  while (rest.length > 0) {
    const written = conn.write(rest);
    if (written > 0) rest = rest.subarray(written);
    else await waitChange(conn, deadline, stillOpen);
  }
}

function take(conn: StreamConnection, bufsize: number, flags: number, all: boolean): Buffer {
  if (bufsize === 0) return Buffer.alloc(0);
  return conn.read(bufsize, (flags & MSG_PEEK) !== 0, all);
}

/** recv(): up to bufsize bytes once any are there (all of them with MSG_WAITALL). */
export function receive(
  conn: StreamConnection,
  bufsize: number,
  flags: number,
  deadline: Deadline,
  stillOpen: Guard,
): Promise<Buffer> {
  const all = waitsForAll(flags, deadline);
  if (conn.canRead(bufsize, all)) return Promise.resolve(take(conn, bufsize, flags, all));
  if (flags === 0 && bufsize > 0) {
    const direct = conn.readDirect(bufsize);
    if (direct) return Promise.resolve(direct);
    if (conn.finished) return Promise.resolve(take(conn, bufsize, flags, all)); // EOF just seen
  }
  if (deadline.nonBlocking) throw errorFor("EAGAIN");
  if (bufsize > 0 && !conn.waiter.busy) {
    conn.releaseReads(); // a splice (`_splice.ts`) may have left Bun paused
    const peek = (flags & MSG_PEEK) !== 0;
    return conn.waiter.recv(bufsize, peek, all, deadline.remaining(), stillOpen);
  }
  return receiveLater(conn, bufsize, flags, all, deadline, stillOpen);
}

async function receiveLater(
  conn: StreamConnection,
  bufsize: number,
  flags: number,
  all: boolean,
  deadline: Deadline,
  stillOpen: Guard,
): Promise<Buffer> {
  await waitReceivable(conn, bufsize, all, deadline, stillOpen);
  return take(conn, bufsize, flags, all);
}

/** The slow path shared by recv and recv_into: wait until `size` bytes (or EOF) are there. */
async function waitReceivable(
  conn: StreamConnection,
  size: number,
  all: boolean,
  deadline: Deadline,
  stillOpen: Guard,
): Promise<void> {
  if (deadline.nonBlocking) throw errorFor("EAGAIN");
  // A splice (`_splice.ts`) may have left Bun paused: it must read for this wait to end.
  conn.releaseReads();
  do {
    await conn.signal.next(deadline.remaining());
    stillOpen();
  } while (!conn.canRead(size, all));
}

/** recv_into(): as recv, into the caller's buffer; resolves with the count. */
export function receiveInto(
  conn: StreamConnection,
  target: Uint8Array,
  nbytes: number,
  flags: number,
  deadline: Deadline,
  stillOpen: Guard,
): Promise<number> {
  if (flags & MSG_PEEK) return peekInto(conn, target, nbytes, flags, deadline, stillOpen);
  const all = waitsForAll(flags, deadline);
  if (conn.canRead(nbytes, all)) return Promise.resolve(conn.readInto(target, nbytes));
  if (!all && nbytes > 0) {
    const count = conn.readDirectInto(target, nbytes);
    if (count > 0 || conn.finished) return Promise.resolve(count);
  }
  if (deadline.nonBlocking) throw errorFor("EAGAIN");
  if (!conn.waiter.busy) {
    conn.releaseReads();
    return conn.waiter.recvInto(target, nbytes, all, deadline.remaining(), stillOpen);
  }
  return receiveIntoLater(conn, target, nbytes, all, deadline, stillOpen);
}

async function receiveIntoLater(
  conn: StreamConnection,
  target: Uint8Array,
  nbytes: number,
  all: boolean,
  deadline: Deadline,
  stillOpen: Guard,
): Promise<number> {
  await waitReceivable(conn, nbytes, all, deadline, stillOpen);
  return conn.readInto(target, nbytes);
}

async function peekInto(
  conn: StreamConnection,
  target: Uint8Array,
  nbytes: number,
  flags: number,
  deadline: Deadline,
  stillOpen: Guard,
): Promise<number> {
  const data = await receive(conn, nbytes, flags, deadline, stillOpen);
  target.set(data);
  return data.length;
}

/** Bytes up to and including `\n` (at most `limit`, -1 for none), or the rest at EOF. */
export async function receiveLine(
  conn: StreamConnection,
  limit: number,
  deadline: Deadline,
  stillOpen: Guard,
): Promise<Buffer> {
  const max = limit < 0 ? Number.POSITIVE_INFINITY : limit;
  const lineEnd = () => conn.rx.indexOf(0x0a, Math.min(max, conn.rx.size));
  while (lineEnd() < 0 && conn.rx.size < max && !conn.finished) {
    await waitChange(conn, deadline, stillOpen);
  }
  const end = lineEnd();
  return conn.read(end >= 0 ? end + 1 : Math.min(max, conn.rx.size), false, true);
}
