/**
 * `listen --proxy-type http`: sockit as an HTTP proxy, ncat's `-l --proxy-type http`. Every
 * client is served at once; each sends one request head, and a CONNECT becomes a tunnel.
 * Requests the proxy cannot serve get a status code and a closed connection.
 */
import type { Address, Socket } from "../../socket/index.ts";
import type { CommonFlags } from "../_args.ts";
import { explained } from "../_errors.ts";
import { acceptAdmitted, type Gate } from "../access.ts";
import { type Endpoint, PeerGone } from "../endpoints/endpoint.ts";
import { socketEndpoint } from "../endpoints/socket.ts";
import type { PumpOptions } from "../pump.ts";
import { type Reporter, showAddress } from "../report/reporter.ts";
import { authorized, challengeHeaders } from "./auth.ts";
import { FORWARDED_METHODS, forward } from "./forward.ts";
import { lingerBeforeClose } from "./linger.ts";
import { BadRequest, readRequestHead } from "./request.ts";
import { statusResponse } from "./response.ts";
import { tunnel } from "./tunnel.ts";

export interface ProxyServerOptions extends PumpOptions {
  /** -4/-6/-n for the connections the proxy makes. */
  flags: CommonFlags;
  /** `--proxy-auth USER:PASS`: clients must log in with these. */
  credentials?: string;
  admit?: Gate | null;
  /** The listener's own address, to refuse requests that would loop back to it. */
  own?: Address;
}

/** Serves until the listener is closed (a signal); resolves never otherwise. */
export async function serveHttpProxy(
  server: Socket,
  options: ProxyServerOptions,
  reporter: Reporter,
): Promise<void> {
  const clients = new Set<Endpoint>();
  options.own ??= server.getsockname();
  let nextId = 0;
  try {
    for (;;) {
      const [conn, peer] = await acceptAdmitted(server, options.admit, reporter);
      const id = ++nextId;
      reporter.accepted(peer, id);
      const client = socketEndpoint(conn, showAddress(peer));
      clients.add(client);
      serveClient(client, { ...options, id }, reporter)
        .catch((err) => reporter.error(explained(showAddress(peer), err).message, err))
        .finally(() => {
          clients.delete(client);
          client.close();
          reporter.closed(peer, id);
        });
    }
  } finally {
    for (const c of clients) c.close();
  }
}

async function serveClient(client: Endpoint, options: ProxyServerOptions, reporter: Reporter) {
  const read = client.read?.bind(client);
  if (!read) return;
  try {
    const head = await readRequestHead(read);
    if (!head) return;
    const verdict =
      options.credentials === undefined ? "ok" : authorized(head, options.credentials);
    if (verdict !== "ok") {
      await client.write(statusResponse(407, challengeHeaders(verdict === "stale")));
      await lingerBeforeClose(client);
      return;
    }
    if (head.method === "CONNECT")
      return await tunnel(client, head, options.flags, options, reporter);
    if (FORWARDED_METHODS.has(head.method))
      return await forward(client, head, options.flags, options.own);
    throw new BadRequest(405, `method ${head.method} is not supported`);
  } catch (err) {
    // A client that leaves while its answer is on the way ends only its own request.
    if (err instanceof PeerGone) return;
    if (!(err instanceof BadRequest)) throw err;
    reporter.note(`${client.label}: ${err.status} ${err.message}`);
    const allow = err.status === 405 ? ["Allow: CONNECT, GET, HEAD, POST"] : [];
    try {
      await client.write(statusResponse(err.status, allow));
    } catch {
      return; // the client has gone: nobody is left to read the answer
    }
    await lingerBeforeClose(client);
  }
}
