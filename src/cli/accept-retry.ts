/**
 * accept() for servers that must outlive descriptor exhaustion: EMFILE (or ENFILE) leaves the
 * clients being served alone, is said at most once a second with -v, and accept() is tried
 * again shortly; the library stops Bun's accept loop meanwhile, so nothing spins.
 */
import { type Address, OSError, SO_LINGER, SOL_SOCKET, type Socket } from "../socket/index.ts";
import type { Reporter } from "./report/reporter.ts";

const EMFILE = 24;
const ENFILE = 23;
/** How long to wait before the next accept() once descriptors ran out. */
const BACKOFF_MS = 100;
const SAY_EVERY_MS = 1000;

let lastSaid = Number.NEGATIVE_INFINITY;

/** The next connection, waiting out a full descriptor table. */
export async function acceptRetrying(
  server: Socket,
  reporter: Reporter,
): Promise<[Socket, Address]> {
  for (;;) {
    try {
      return await server.accept();
    } catch (err) {
      if (!(err instanceof OSError) || (err.errno !== EMFILE && err.errno !== ENFILE)) throw err;
      const now = performance.now();
      if (now - lastSaid >= SAY_EVERY_MS) {
        lastSaid = now;
        reporter.note(`accept: ${err.message}; serving the clients already here.`);
      }
      await Bun.sleep(BACKOFF_MS);
    }
  }
}

/**
 * Closes a connection the server will not serve (-m is reached) with RST, as SO_LINGER (1, 0)
 * does: the client sees "connection reset" and fails, where a plain close would read as a
 * normal, successful end.
 */
export function turnAway(conn: Socket): void {
  try {
    conn.setsockopt(SOL_SOCKET, SO_LINGER, Buffer.from(new Int32Array([1, 0]).buffer));
  } catch {
    // A Unix socket has no RST to send; the close below is all there is.
  }
  conn.close();
}
