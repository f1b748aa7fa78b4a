/**
 * A connected stream's bytes written straight back from inside Bun's data callback, for the
 * CLI's --echo. A recv/sendall loop costs two promises, two microtask turns and a keep-alive
 * toggle per chunk; a ping-pong profile showed that at three times raw Bun's CPU per round
 * trip, and on a 2-core machine that CPU is taken from the client. Here a chunk costs one
 * write, as in an echo server written on Bun's callbacks.
 *
 * The order of the bytes is kept: what recv had buffered goes first, and once the kernel
 * takes less than a whole chunk, the rest waits in `backlog` with Bun's reading paused (so
 * the peer's window closes, as with any slow reader) until drain lets it out. Not part of
 * Python's socket: no index.ts exports it, and the socket's timeout does not apply.
 */
import type { Transport } from "../_transport.ts";
import { errorFor } from "../errors.ts";
import type { StreamConnection } from "./_connection.ts";
import { StreamTransport } from "./_transport.ts";

/**
 * Echoes everything `transport` receives until the peer's EOF, then half-closes, as a
 * recv/sendall loop followed by shutdown(SHUT_WR) would; `each` sees every chunk as it goes
 * back. Rejects with what that loop would raise (a reset, EPIPE, EBADF once closed). Null
 * where it cannot serve: not a connected plain stream (TLS bytes must be decrypted by us).
 *
 * @example
 * await (echoBack(transport, (chunk) => count += chunk.length) ?? recvSendallLoop());
 */
export function echoBack(
  transport: Transport,
  each: (chunk: Buffer) => void,
): Promise<void> | null {
  if (!(transport instanceof StreamTransport)) return null;
  const conn = transport._parts.conn;
  if (!conn || conn.tls) return null;
  return new Echo(conn, each).run(() => transport.closed);
}

class Echo {
  /** Bytes the kernel has not taken yet, oldest first; reading is held while any wait. */
  #backlog: Uint8Array[] = [];
  #failure: unknown = null;

  constructor(
    readonly conn: StreamConnection,
    readonly each: (chunk: Buffer) => void,
  ) {}

  /** Bun's data callback, while the echo runs. */
  readonly #send = (chunk: Buffer) => {
    // This runs inside Bun's callback: whatever fails here (`each` too) must end the run loop,
    // never escape into Bun.
    try {
      this.each(chunk);
      if (this.#backlog.length > 0) {
        this.#backlog.push(chunk);
        return;
      }
      const written = this.conn.write(chunk);
      if (written < chunk.length) this.#hold(chunk.subarray(written));
    } catch (err) {
      this.#fail(err);
    }
  };

  async run(closed: () => boolean): Promise<void> {
    const conn = this.conn;
    conn.tap = this.#send;
    try {
      for (;;) {
        if (this.#failure !== null) throw this.#failure;
        if (closed()) throw errorFor("EBADF");
        if (this.#backlog.length > 0 && !this.#flush()) {
          await conn.signal.next(Number.POSITIVE_INFINITY);
          continue;
        }
        // Bytes that arrived before the tap, or while it was paused: they go first.
        if (conn.rx.size > 0) {
          this.#send(conn.read(conn.rx.size, false));
          continue;
        }
        if (conn.finished) break;
        // Data never wakes this wait (the tap takes it): only EOF, drain, reset or close do.
        await conn.signal.next(Number.POSITIVE_INFINITY);
      }
      // A reset is raised as recv would raise it; a plain EOF is echoed as a half-close.
      conn.throwPendingError();
      conn.shutdownWrite();
    } finally {
      conn.tap = null;
      conn.releaseReads();
    }
  }

  #hold(rest: Uint8Array): void {
    this.#backlog.push(rest);
    this.conn.holdReads();
  }

  /** Writes the backlog out; true once all of it has gone (and reading resumes). */
  #flush(): boolean {
    const backlog = this.#backlog;
    while (backlog.length > 0) {
      const chunk = backlog[0] as Uint8Array;
      const written = this.conn.write(chunk);
      if (written < chunk.length) {
        backlog[0] = chunk.subarray(written);
        return false;
      }
      backlog.shift();
    }
    this.conn.releaseReads();
    return true;
  }

  #fail(err: unknown): void {
    this.#failure ??= err;
    this.conn.tap = null;
    // The run loop may be waiting: a failure is a change it must see.
    this.conn.signal.notify();
  }
}
