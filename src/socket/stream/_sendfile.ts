/**
 * sendfile(2) from a file descriptor into a connected stream, as CPython's
 * `_sendfile_use_sendfile`: the kernel copies file pages into the socket, no byte passes
 * through JavaScript. Bun watches a socket for writability only after a short write of its
 * own, so when the kernel's buffer is full a few bytes of the file go through Bun's write:
 * either they fit (progress) or Bun now polls and its drain wakes us, through the event loop.
 */
import { ptr } from "bun:ffi";
import { lastErrno, libc } from "../_libc.ts";
import { nodeFs } from "../_node-modules.ts";
import type { SendProgress } from "../_transport.ts";
import { Deadline } from "../_waiting.ts";
import { errnoOf, fromErrno } from "../errors.ts";
import type { StreamConnection } from "./_connection.ts";

/** CPython caps each call at 1 GiB (bpo-38319); so do we. */
const MAX_BLOCK = 2 ** 30;
/** Bytes handed to Bun's write when the kernel buffer is full, to make Bun poll for us. */
const PROBE = 16 * 1024;
const EAGAIN = errnoOf("EAGAIN");
const EINTR = errnoOf("EINTR");

/** What a kernel copy needs beyond the connection. */
export interface FileSpan {
  fd: number;
  offset: number;
  /** Bytes to send, or null for all to EOF. */
  count: number | null;
  /** fstat's size: the most one call asks for when count is null, as in CPython. */
  size: number;
}

/**
 * Sends `span` counting in `progress`; false when the kernel refused before anything was sent
 * (not a regular file): the caller then falls back to reads and sendall. Each wait for
 * writability may last `timeout` seconds.
 */
export async function sendFileNative(
  conn: StreamConnection,
  span: FileSpan,
  timeout: number | null,
  stillOpen: () => void,
  progress: SendProgress,
): Promise<boolean> {
  const lib = libc();
  if (!lib) return false;
  const cell = new BigInt64Array(1);
  for (;;) {
    const position = span.offset + progress.sent;
    const block = span.count === null ? span.size : span.count - progress.sent;
    if (block <= 0) return true;
    cell[0] = BigInt(position);
    const sent = Number(
      lib.sendfile(conn.writableFd(), span.fd, ptr(cell), Math.min(block, MAX_BLOCK)),
    );
    if (sent === 0) return true;
    if (sent > 0) {
      progress.sent += sent;
      continue;
    }
    const errno = lastErrno(lib);
    if (errno === EAGAIN) {
      progress.sent += await writable(conn, span.fd, position, timeout, stillOpen);
    } else if (errno !== EINTR) {
      if (progress.sent === 0) return false;
      throw fromErrno(errno);
    }
  }
}

/** Waits until the socket takes data again; returns what a probe write sent meanwhile. */
async function writable(
  conn: StreamConnection,
  fileFd: number,
  position: number,
  timeout: number | null,
  stillOpen: () => void,
): Promise<number> {
  const probe = Buffer.allocUnsafe(PROBE);
  const length = nodeFs().readSync(fileFd, probe, 0, PROBE, position);
  if (length === 0) return 0;
  const written = conn.write(probe.subarray(0, length));
  if (written > 0) return written;
  const deadline = Deadline.fromTimeout(timeout);
  while (!conn.sendReady) {
    await conn.signal.next(deadline.remaining());
    stillOpen();
  }
  return 0;
}
