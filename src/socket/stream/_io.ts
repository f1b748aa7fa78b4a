/**
 * Moving bytes over a connected stream with Python's blocking rules: send what fits (waiting
 * for drain when nothing does), send all, receive up to n, exactly n (MSG_WAITALL), or a line.
 * `stillOpen` re-checks the socket after every wait, so a close during a wait raises EBADF.
 */

import { type Deadline, waitUntil } from "../_waiting.ts";
import { MSG_PEEK, MSG_WAITALL } from "../constants.ts";
import { errorFor } from "../errors.ts";
import type { StreamConnection } from "./_connection.ts";

type Guard = () => void;

/**
 * MSG_WAITALL waits for the full count only on a blocking socket. With any timeout (0 included)
 * CPython waits for readability, then calls recv on a non-blocking descriptor, where MSG_WAITALL
 * returns whatever is there.
 */
function waitsForAll(flags: number, deadline: Deadline): boolean {
  return (flags & MSG_WAITALL) !== 0 && deadline.blocking;
}

async function waitWritable(conn: StreamConnection, deadline: Deadline, stillOpen: Guard) {
  if (deadline.nonBlocking) throw errorFor("EAGAIN");
  await conn.signal.next(deadline.remaining());
  stillOpen();
}

/** send(): what the kernel takes now, at least one byte unless non-blocking. */
export async function sendSome(
  conn: StreamConnection,
  data: Uint8Array,
  deadline: Deadline,
  stillOpen: Guard,
) {
  if (data.length === 0) return 0;
  for (;;) {
    const written = conn.write(data);
    if (written > 0) return written;
    await waitWritable(conn, deadline, stillOpen);
  }
}

/** sendall(): everything, within one deadline. */
export async function sendAll(
  conn: StreamConnection,
  data: Uint8Array,
  deadline: Deadline,
  stillOpen: Guard,
) {
  let rest = data;
  while (rest.length > 0) {
    const written = conn.write(rest);
    if (written > 0) rest = rest.subarray(written);
    else await waitWritable(conn, deadline, stillOpen);
  }
}

/** Waits until `n` bytes are buffered or no more will come. */
function allOf(conn: StreamConnection, n: number, deadline: Deadline): Promise<void> {
  return waitUntil(() => conn.rx.size >= n || conn.finished, conn.signal, deadline);
}

/** recv() on a connection that is readable. */
export async function receive(
  conn: StreamConnection,
  bufsize: number,
  flags: number,
  deadline: Deadline,
) {
  if (bufsize === 0) return Buffer.alloc(0);
  const all = waitsForAll(flags, deadline);
  if (all) await allOf(conn, bufsize, deadline);
  return conn.read(bufsize, (flags & MSG_PEEK) !== 0, all);
}

/** recv_into() on a connection that is readable; MSG_WAITALL as for recv. */
export async function receiveInto(
  conn: StreamConnection,
  target: Uint8Array,
  nbytes: number,
  flags: number,
  deadline: Deadline,
) {
  if (flags & MSG_PEEK) {
    const data = await receive(conn, nbytes, flags, deadline);
    target.set(data);
    return data.length;
  }
  if (nbytes === 0) return 0;
  if (waitsForAll(flags, deadline)) await allOf(conn, nbytes, deadline);
  return conn.readInto(target, nbytes);
}

/** Bytes up to and including `\n` (at most `limit`, -1 for none), or the rest at EOF. */
export async function receiveLine(conn: StreamConnection, limit: number, deadline: Deadline) {
  const max = limit < 0 ? Number.POSITIVE_INFINITY : limit;
  const lineEnd = () => conn.rx.indexOf(0x0a, Math.min(max, conn.rx.size));
  const ready = () => lineEnd() >= 0 || conn.rx.size >= max || conn.finished;
  await waitUntil(ready, conn.signal, deadline);
  const end = lineEnd();
  return conn.read(end >= 0 ? end + 1 : Math.min(max, conn.rx.size), false, true);
}
