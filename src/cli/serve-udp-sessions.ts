/**
 * `listen -u` joined to a program (-e/-c), as ncat does it: the first datagram from an address
 * makes that address a client, a program is started for it and fed that datagram and every
 * later one from there, and what the program writes goes back to that client alone. Without
 * -k the first client is the only one (datagrams from anyone else are dropped, as ncat's
 * connected socket drops them) and its program's exit ends the listener; with -k each new
 * address gets a program of its own, up to -m at once.
 */
import { type Address, SOCK_DGRAM, type Socket, socket } from "../socket/index.ts";
import { explained, IdleTimeout } from "./_errors.ts";
import type { Gate } from "./access.ts";
import type { Endpoint } from "./endpoints/endpoint.ts";
import { udpSessions } from "./endpoints/udp-stream.ts";
import { type PumpOptions, pump } from "./pump.ts";
import { type Reporter, showAddress } from "./report/reporter.ts";

export interface UdpSessionOptions extends PumpOptions {
  /** -k: a session per client address, many at once; else the first client only. */
  keepOpen: boolean;
  maxConns?: number;
  /** --allow/--deny, checked on every datagram before anything reads it. */
  admit?: Gate | null;
  /** -6 on `::` (see UdpOptions.ipv6Only): IPv4 datagrams are dropped here. */
  ipv6Only?: boolean;
  /** Starts what a new client is joined to (its program), told the client's addresses. */
  start: (peer: Address, local: Address | undefined) => Endpoint;
}

/**
 * Serves until the one session ends (without -k) or the listener is closed (with -k).
 *
 * @example
 * await serveUdpSessions(sock, "[::]:5353", { keepOpen: true, start: (peer, local) => program(peer, local) }, reporter);
 */
export async function serveUdpSessions(
  server: Socket,
  label: string,
  options: UdpSessionOptions,
  reporter: Reporter,
): Promise<void> {
  const { admit, ipv6Only } = options;
  const admitted = (from: Address) => {
    if (ipv6Only && Array.isArray(from) && /^::ffff:\d/i.test(from[0])) return false;
    return !admit || admit(from);
  };
  const sessions = udpSessions(server, label, admitted);
  if (!options.keepOpen) {
    const left = await sessions.accept();
    sessions.stopAccepting();
    return serveSession(server, left, 1, options, reporter);
  }
  let active = 0;
  for (let id = 1; ; id++) {
    const left = await sessions.accept();
    const peer = left.peer as Address;
    if (options.maxConns !== undefined && active >= options.maxConns) {
      // Forgotten at once: the client's next datagram asks again, and is refused again if full.
      reporter.refused(peer, `server is full (already serving ${options.maxConns}, --max-conns)`);
      left.close();
      continue;
    }
    active++;
    serveSession(server, left, id, options, reporter)
      .catch((err) => {
        // Silence is how a UDP session ends (there is no EOF): -i expiring is not a failure.
        if (err instanceof IdleTimeout) reporter.note(err.message);
        else reporter.error(err instanceof Error ? err.message : String(err), err);
      })
      .finally(() => {
        active--;
      });
  }
}

async function serveSession(
  server: Socket,
  left: Endpoint,
  id: number,
  options: UdpSessionOptions,
  reporter: Reporter,
): Promise<void> {
  const peer = left.peer as Address;
  reporter.accepted(peer, id);
  let right: Endpoint | undefined;
  try {
    right = options.start(peer, await localFor(server, peer, left.local));
    await pump(left, right, { ...options, id }, reporter);
  } catch (err) {
    throw explained(`connection from ${showAddress(peer)}`, err);
  } finally {
    left.close();
    right?.close();
    reporter.closed(peer, id);
  }
}

/**
 * The address the client wrote to, as ncat's connected socket reports it. A socket bound to
 * the wildcard only knows `0.0.0.0` or `::`, so a second, connected socket asks the kernel
 * which local address routes to the client (a UDP connect sends nothing).
 */
async function localFor(server: Socket, peer: Address, bound: Address | undefined) {
  if (!Array.isArray(bound) || !Array.isArray(peer)) return bound;
  if (bound[0] !== "0.0.0.0" && bound[0] !== "::") return bound;
  const probe = socket(server.family, SOCK_DGRAM);
  try {
    await probe.connect(peer);
    const [host] = probe.getsockname() as [string, number];
    return [host, ...bound.slice(1)] as Address;
  } catch {
    return bound;
  } finally {
    probe.close();
  }
}
