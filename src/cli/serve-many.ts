/**
 * `listen -k`: many clients at once. stdin goes to every connected client, every client's
 * data goes to stdout (or back to it with --echo); -m caps how many are served at a time.
 */
import { SHUT_WR, type Socket } from "../socket/index.ts";
import { causeOf, explained, StdoutClosed, StdoutFailed } from "./_errors.ts";
import { after } from "./_timers.ts";
import { turnAway } from "./accept-retry.ts";
import { acceptAdmitted, type Gate } from "./access.ts";
import type { Endpoint } from "./endpoints/endpoint.ts";
import { socketEndpoint } from "./endpoints/socket.ts";
import { crlfEncoder } from "./endpoints/stdio.ts";
import { type PumpOptions, pump } from "./pump.ts";
import { type Reporter, showAddress } from "./report/reporter.ts";

export interface HubOptions extends PumpOptions {
  /** stdin, sent to every client; null when it is not read (--recv-only, --echo). */
  input: AsyncIterable<Uint8Array> | null;
  maxConns?: number;
  /** --allow/--deny, checked right after accept. */
  admit?: Gate | null;
  /** The endpoint a new client is joined to (stdout, an echo, a program). */
  join: (left: Endpoint) => Endpoint;
}

export async function serveMany(server: Socket, options: HubOptions, reporter: Reporter) {
  const clients = new Set<Socket>();
  let stdinDone = false;
  let nextId = 0;
  // stdout is everyone's: once it fails (its reader gone, a full disk) the whole hub ends.
  const stdoutLost = Promise.withResolvers<never>();
  const broadcasting = (async () => {
    const encode = options.crlf ? crlfEncoder() : (raw: Uint8Array) => raw;
    for await (const raw of options.input ?? []) {
      const chunk = encode(raw);
      reporter.data("sent", chunk);
      await Promise.all([...clients].map((c) => c.sendall(chunk).catch(() => c.close())));
    }
    stdinDone = true;
    for (const c of clients) halfClose(c);
  })();
  const accepting = (async () => {
    for (;;) {
      const [conn, peer] = await acceptAdmitted(server, options.admit, reporter);
      const id = ++nextId;
      if (options.maxConns !== undefined && clients.size >= options.maxConns) {
        reporter.refused(peer, `server is full (already serving ${options.maxConns}, --max-conns)`);
        turnAway(conn);
        continue;
      }
      reporter.accepted(peer, id);
      clients.add(conn);
      if (stdinDone && options.input) halfClose(conn);
      // -q and --send-only are about the shared stdin, which the hub sends, not the client.
      const perClient = { ...options, quitAfterEof: undefined, endWhenSent: false, id };
      const left = socketEndpoint(conn, showAddress(peer));
      let right: Endpoint | undefined;
      Promise.resolve()
        .then(() => {
          right = options.join(left);
          return pump(left, right, perClient, reporter);
        })
        .catch((err) => {
          if (causeOf(err, StdoutClosed) || causeOf(err, StdoutFailed)) stdoutLost.reject(err);
          else reporter.error(explained(showAddress(peer), err).message, err);
        })
        .finally(() => {
          clients.delete(conn);
          left.close();
          right?.close();
          reporter.closed(peer, id);
        });
    }
  })();
  const quit = options.input
    ? broadcasting.then(() => after(options.quitAfterEof))
    : new Promise<void>(() => {});
  for (const p of [broadcasting, accepting, quit, stdoutLost.promise]) p.catch(() => {});
  try {
    await Promise.race([accepting, quit, stdoutLost.promise]);
  } finally {
    for (const c of clients) c.close();
  }
}

function halfClose(sock: Socket): void {
  try {
    sock.shutdown(SHUT_WR);
  } catch {
    // Already closed by the peer: nothing left to half-close.
  }
}
