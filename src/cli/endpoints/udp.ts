/**
 * UDP sessions. A datagram has no EOF, so a client keeps reading replies after stdin ends
 * until -q elapses or -i passes without a datagram (1 second when neither is given), and a
 * listener answers every peer that has written to it.
 */
import { type Address, ConnectionRefusedError, type Socket } from "../../socket/index.ts";
import { IdleTimeout, NetworkError } from "../_errors.ts";
import { after, IdleTimer } from "../_timers.ts";
import type { Gate } from "../access.ts";
import { type Reporter, showAddress } from "../report/reporter.ts";
import { type ByteSink, crlfEncoder } from "./stdio.ts";

/** What a UDP session joins: datagrams are not a byte stream, so they keep their own loop. */
export interface UdpOptions {
  /** Bytes to send; null when stdin is not read (--recv-only, --echo). */
  input: AsyncIterable<Uint8Array> | null;
  output: ByteSink;
  echo?: boolean;
  sendOnly?: boolean;
  crlf?: boolean;
  quitAfterEof?: number;
  idleSeconds?: number;
  /**
   * -6 on `::`: Bun's UDP socket cannot set IPV6_V6ONLY before it binds, so IPv4 datagrams
   * (from `::ffff:a.b.c.d`) are dropped here instead.
   */
  ipv6Only?: boolean;
}

/** The largest payload of one IPv4 UDP datagram; longer stdin reads are split. */
const MAX_DATAGRAM = 65507;
/** How long a client waits for late replies after stdin EOF when neither -q nor -i is given. */
const DEFAULT_LINGER = 1;

export async function udpClient(
  sock: Socket,
  label: string,
  options: UdpOptions,
  reporter: Reporter,
) {
  const idle = new IdleTimer(options.idleSeconds);
  const receiving = receiveReplies(sock, options, reporter, idle).catch((err) => {
    if (sock.fileno() === -1) return;
    throw err instanceof ConnectionRefusedError ? new NetworkError(`connect ${label}`, err) : err;
  });
  const sending = (async () => {
    const encode = options.crlf ? crlfEncoder() : (raw: Uint8Array) => raw;
    for await (const raw of options.input ?? []) {
      const chunk = encode(raw);
      for (let at = 0; at < chunk.length; at += MAX_DATAGRAM) {
        const datagram = chunk.subarray(at, at + MAX_DATAGRAM);
        reporter.data("sent", datagram);
        idle.touch();
        await sock.send(datagram);
      }
    }
  })();
  const linger = sending.then(() => {
    // No -q or -i: replies may still be on their way; wait for a second without one.
    if (options.idleSeconds === undefined && options.quitAfterEof === undefined) {
      idle.rearm(DEFAULT_LINGER);
    }
    return after(options.quitAfterEof);
  });
  // -i before stdin ends is a timeout; after it, the way a UDP client ends (no EOF to wait for).
  let inputEnded = false;
  sending.then(
    () => {
      inputEnded = true;
    },
    () => {},
  );
  const idleEnd = idle.expired.then(() => {
    if (!inputEnded) throw new IdleTimeout(idle.seconds ?? 0);
  });
  // `linger` never resolves without -q; it is in the race so a failed send rejects it.
  const ends = [receiving, linger, idleEnd];
  for (const end of ends) end.catch(() => {});
  try {
    await Promise.race(ends);
  } finally {
    idle.stop();
  }
}

async function receiveReplies(
  sock: Socket,
  options: UdpOptions,
  reporter: Reporter,
  idle: IdleTimer,
) {
  for (;;) {
    const data = await sock.recv(65536);
    idle.touch();
    reporter.data("received", data);
    if (!options.sendOnly) await options.output.write(data);
  }
}

/** Serves datagrams from any number of peers until -q after stdin EOF, -i, or a signal. */
export async function udpServer(
  sock: Socket,
  options: UdpOptions,
  reporter: Reporter,
  admit?: Gate | null,
) {
  const idle = new IdleTimer(options.idleSeconds);
  const peers = new Map<string, Address>();
  const firstPeer = Promise.withResolvers<void>();
  const receiving = (async () => {
    for (;;) {
      const [data, from] = await sock.recvfrom(65536);
      const sender = from as Address;
      // A denied source is dropped (and counted by the reporter) before anything sees it.
      if (admit && !admit(sender)) continue;
      if (options.ipv6Only && Array.isArray(sender) && /^::ffff:\d/i.test(sender[0])) continue;
      idle.touch();
      const key = showAddress(sender);
      if (!peers.has(key)) {
        peers.set(key, sender);
        reporter.accepted(sender, peers.size);
        firstPeer.resolve();
      }
      reporter.data("received", data, peers.size);
      if (options.echo) {
        reporter.data("sent", data);
        await sock.sendto(data, sender as never);
      } else if (!options.sendOnly) {
        await options.output.write(data);
      }
    }
  })();
  const sending = (async () => {
    const encode = options.crlf ? crlfEncoder() : (raw: Uint8Array) => raw;
    for await (const raw of options.input ?? []) {
      await firstPeer.promise;
      const chunk = encode(raw);
      idle.touch();
      // Split as the client does: a pipe read can exceed one datagram, and none of it may be lost.
      for (let at = 0; at < chunk.length; at += MAX_DATAGRAM) {
        const datagram = chunk.subarray(at, at + MAX_DATAGRAM);
        reporter.data("sent", datagram);
        for (const peer of peers.values()) await sock.sendto(datagram, peer as never);
      }
    }
  })();
  const quit = options.input
    ? sending.then(() => after(options.quitAfterEof))
    : new Promise<void>(() => {});
  const idleEnd = idle.expired.then(() => {
    throw new IdleTimeout(idle.seconds ?? 0);
  });
  const ends = [receiving, quit, idleEnd];
  for (const end of [...ends, sending]) end.catch(() => {});
  try {
    await Promise.race(ends);
  } finally {
    idle.stop();
  }
}
