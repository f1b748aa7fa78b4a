/**
 * Running a relay: a listening LEFT serves each connection (or UDP client) with its own RIGHT,
 * many at once unless --once; otherwise LEFT and RIGHT are opened once and pumped together.
 */
import { describeError, explained, IdleTimeout } from "../_errors.ts";
import type { Endpoint } from "../endpoints/endpoint.ts";
import { type PumpOptions, pump } from "../pump.ts";
import type { Reporter } from "../report/reporter.ts";
import type { RelayAddress } from "./address.ts";
import { type Acceptor, type Incoming, isListening, listenOn, openAddress } from "./open.ts";

export interface RelayPlan {
  left: RelayAddress;
  right: RelayAddress;
  /** Serve one connection, then exit. */
  once: boolean;
  /** At most this many sessions at once (-m). */
  maxConns?: number;
  pump: PumpOptions;
}

/** Runs the relay to its end: one session, or a listener until a signal stops it. */
export async function runRelay(plan: RelayPlan, reporter: Reporter): Promise<void> {
  if (isListening(plan.left)) return serveListener(plan, reporter);
  const left = await openAddress(plan.left);
  try {
    if (left.peer !== undefined) reporter.connected(left.peer, left.local ?? "");
    if (!isListening(plan.right)) return await session(ready(left), plan, reporter, 0);
    // socat allows a listening RIGHT too: LEFT first, then the one connection to RIGHT.
    const acceptor = await announce(await listenOn(plan.right), plan.right, reporter);
    try {
      const arrival = await acceptor.accept();
      reporter.accepted(arrival.peer, 1);
      const right = await arrival.ready();
      await pumpPair(left, right, { ...plan.pump, id: 1 }, reporter);
    } finally {
      acceptor.close();
    }
  } finally {
    left.close();
  }
}

async function serveListener(plan: RelayPlan, reporter: Reporter): Promise<void> {
  const acceptor = await announce(await listenOn(plan.left), plan.left, reporter);
  // Ctrl-C or kill: close the listener (which removes a Unix socket file) and exit as killed.
  const stop = (code: number) => () => {
    acceptor.close();
    process.exit(code);
  };
  process.once("SIGINT", stop(130)).once("SIGTERM", stop(143));
  // stdin cannot be shared between connections: with stdio on the right, one connection.
  const once = plan.once || plan.right.kind === "stdio";
  try {
    if (once) {
      const arrival = await acceptor.accept();
      // A TCP listener closes at once (later clients are refused, as with nc); a UDP socket
      // carries the session itself and stays open until it ends.
      if (acceptor.proto === "tcp") acceptor.close();
      reporter.accepted(arrival.peer, 1);
      await session(arrival, plan, reporter, 1);
      return;
    }
    await acceptMany(acceptor, plan, reporter);
  } finally {
    acceptor.close();
  }
}

async function acceptMany(acceptor: Acceptor, plan: RelayPlan, reporter: Reporter) {
  let active = 0;
  let nextId = 0;
  for (;;) {
    const arrival = await acceptor.accept();
    const id = ++nextId;
    const peer = arrival.peer;
    if (plan.maxConns !== undefined && active >= plan.maxConns) {
      reporter.refused(peer, `server is full (already serving ${plan.maxConns}, --max-conns)`);
      arrival.refuse();
      continue;
    }
    active++;
    reporter.accepted(peer, id);
    session(arrival, plan, reporter, id)
      .catch((err) => reporter.error(describeError(err).line))
      .finally(() => {
        active--;
        reporter.closed(peer, id);
      });
  }
}

/** The listening event (and `Listening on` when the OS chose the port). */
async function announce(acceptor: Acceptor, address: RelayAddress, reporter: Reporter) {
  reporter.listening(acceptor.local, acceptor.proto, address.port === 0);
  return acceptor;
}

function ready(endpoint: Endpoint): Incoming {
  return {
    peer: endpoint.peer ?? endpoint.label,
    ready: async () => endpoint,
    refuse: () => endpoint.close(),
  };
}

/** One LEFT connection: opens its RIGHT and pumps the two; closes both at the end. */
async function session(arrival: Incoming, plan: RelayPlan, reporter: Reporter, id: number) {
  let left: Endpoint | undefined;
  let right: Endpoint | undefined;
  try {
    left = await arrival.ready();
    right = await openAddress(plan.right, left, protoOf(plan.left));
    if (right.peer !== undefined) reporter.connected(right.peer, right.local ?? "");
    await pumpPair(left, right, { ...plan.pump, id }, reporter);
  } catch (err) {
    // UDP has no EOF: silence is how a UDP session ends, not a failure.
    if (!(err instanceof IdleTimeout && usesUdp(plan))) throw err;
    reporter.note(err.message);
  } finally {
    if (left) left.close();
    else arrival.refuse();
    right?.close();
  }
}

async function pumpPair(left: Endpoint, right: Endpoint, options: PumpOptions, reporter: Reporter) {
  try {
    await pump(left, right, options, reporter);
  } catch (err) {
    throw explained(`${left.label} <-> ${right.label}`, err);
  } finally {
    right.close();
  }
}

function usesUdp(plan: RelayPlan): boolean {
  return [plan.left, plan.right].some((a) => a.kind.startsWith("udp"));
}

/** What a program on the right is told it is talking over (SOCKIT_PROTO). */
function protoOf(address: RelayAddress): string {
  if (address.kind.startsWith("udp")) return "UDP";
  if (address.kind.startsWith("unix")) return "UNIX";
  return "TCP";
}
