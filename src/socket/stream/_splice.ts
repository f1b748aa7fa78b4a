/**
 * A connected stream's received bytes moved into a pipe by splice(2), for the CLI's socket →
 * stdout path: the kernel hands the socket's pages to the pipe and no byte enters JavaScript.
 * Bun's own reads copy every chunk twice, the second time into fresh memory that the kernel
 * must first zero, which a profile of a bulk receiver shows as a third of its time.
 *
 * Bun reads a socket as soon as it is readable, so while the splicer works Bun is paused
 * (holdReads) and release() lets it read again. What Bun had read before comes out first,
 * so the order of the bytes is kept. Not part of Python's socket: no index.ts exports it.
 */
import { lastErrno, libc } from "../_libc.ts";
import type { Transport } from "../_transport.ts";
import { errnoOf, errorFor, fromErrno } from "../errors.ts";
import { StreamTransport } from "./_transport.ts";

const SPLICE_F_MOVE = 1;
/** The pipe side never blocks: a full pipe is EAGAIN, as the socket side is (Bun's O_NONBLOCK). */
const SPLICE_F_NONBLOCK = 2;
const EAGAIN = errnoOf("EAGAIN");
const EINTR = errnoOf("EINTR");
/** Failures of the pipe side (its reader has gone, it is no pipe): the connection is not at fault. */
const PIPE_SIDE = new Set(["EPIPE", "EBADF", "EINVAL"].map(errnoOf));

export interface ReceiveSplicer {
  /** The socket's descriptor, to poll for POLLIN while splice() returns -1; -1 once closed. */
  readonly fd: number;
  /**
   * Moves up to `count` received bytes into the pipe `pipeFd`: the count moved, 0 at EOF, or
   * -1 when that cannot happen now (nothing has arrived, or the pipe is full). Bytes Bun had
   * already read come back as a Buffer instead, for the caller to write before anything else.
   * Raises what recv would (a reset, once; EBADF after close), or the pipe's own failure
   * (EPIPE when its reader has gone), which leaves the connection as it was.
   */
  splice(pipeFd: number, count: number): number | Buffer;
  /** Bun reads the socket again (a waiting recv releases too): call before waiting otherwise. */
  release(): void;
}

/**
 * The splicer of `transport`, or null where splice(2) cannot serve: not Linux, not a
 * connected plain stream (TLS bytes must be decrypted by us).
 *
 * @example
 * const splicer = receiveSplicer(transport);
 * const moved = splicer?.splice(pipeFd, 1 << 20);
 */
export function receiveSplicer(transport: Transport): ReceiveSplicer | null {
  const lib = libc();
  if (!lib || !(transport instanceof StreamTransport)) return null;
  const conn = transport._parts.conn;
  if (!conn || conn.tls) return null;
  const ended = (err?: Error) => {
    // The kernel now reports EOF (a reset is reported once): so does the connection.
    conn.onEnd();
    conn.releaseReads();
    if (err) throw err;
    return 0;
  };
  return {
    get fd() {
      return conn.fd;
    },
    splice(pipeFd, count) {
      if (transport.closed) throw errorFor("EBADF");
      if (conn.rx.size > 0 || conn.finished) {
        const buffered = conn.read(count, false);
        return buffered.length > 0 ? buffered : ended();
      }
      conn.holdReads();
      for (;;) {
        const moved = Number(
          lib.splice(conn.fd, null, pipeFd, null, count, SPLICE_F_MOVE | SPLICE_F_NONBLOCK),
        );
        if (moved > 0) return moved;
        if (moved === 0) return ended();
        const errno = lastErrno(lib);
        if (errno === EAGAIN) return -1;
        if (PIPE_SIDE.has(errno)) {
          conn.releaseReads();
          throw fromErrno(errno);
        }
        if (errno !== EINTR) return ended(fromErrno(errno));
      }
    },
    release() {
      conn.releaseReads();
    },
  };
}
