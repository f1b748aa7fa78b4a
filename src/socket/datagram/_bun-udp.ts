/**
 * The only file that touches Bun.udpSocket: opening one, bound and optionally connected, and
 * sending one datagram. Bun binds when the socket is created and connects only at creation, so
 * the transport opens a new one to connect.
 */
import type { udp } from "bun";
import { letExit } from "../_keep-alive.ts";
import { errorFor, fromBunError, OSError } from "../errors.ts";

export type BunUdp = udp.Socket<"buffer"> | udp.ConnectedSocket<"buffer">;

export interface Peer {
  host: string;
  port: number;
}

/** What the transport is told by Bun's callbacks. */
export interface UdpEvents {
  arrive(data: Buffer, host: string, port: number): void;
  /** The kernel's send buffer has room again. */
  drain(): void;
  /** An ICMP error reported for an earlier datagram. */
  failed(err: unknown): void;
}

/** A Bun UDP socket bound to host:port (connected to `peer` if given); Bun's errors as OSError. */
export async function openBunUdp(
  host: string,
  port: number,
  peer: Peer | null,
  events: UdpEvents,
): Promise<BunUdp> {
  const socket = {
    data(_s: unknown, data: Buffer, fromPort: number, fromHost: string) {
      events.arrive(data, fromHost, fromPort);
    },
    drain() {
      events.drain();
    },
    // Bun passes the ICMP error as the only argument (BUN_FACTS.md), not (socket, error).
    error(...args: unknown[]) {
      events.failed(args.length > 1 ? args[1] : args[0]);
    },
  };
  let bun: BunUdp;
  try {
    bun = peer
      ? await Bun.udpSocket({
          hostname: host,
          port,
          socket,
          connect: { hostname: peer.host, port: peer.port },
        })
      : await Bun.udpSocket({ hostname: host, port, socket });
  } catch (err) {
    throw fromBunError(err);
  }
  letExit(bun);
  return bun;
}

/**
 * Sends `data` as one datagram, to `to` or the connected peer: true when the kernel took it,
 * false when its buffer is full (wait for drain); a failure as OSError.
 */
export function sendDatagram(bun: BunUdp, data: Uint8Array, to: Peer | null): boolean {
  for (let retried = false; ; retried = true) {
    try {
      return to
        ? (bun as udp.Socket<"buffer">).send(data, to.port, to.host)
        : (bun as udp.ConnectedSocket<"buffer">).send(data);
    } catch (err) {
      const error = fromBunError(err);
      // With IP_RECVERR (always on in Bun) an earlier ICMP error can fail the next send even
      // after it was reported, or on an unconnected socket that Python never tells: send again.
      const refused = error instanceof OSError && error.errno === errorFor("ECONNREFUSED").errno;
      if (!refused || retried) throw error;
    }
  }
}
