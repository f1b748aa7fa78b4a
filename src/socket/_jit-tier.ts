/**
 * Keeps the calls a send or receive loop makes once per chunk (sendall, recv, recv_into, the
 * data callback, and the layers under them) out of JavaScriptCore's FTL tier, its slowest-
 * compiling one.
 *
 * They are glue around Bun's native reads and writes, so FTL's faster code buys nothing
 * measurable: at 100,000 32-byte round trips the library ran as fast either way. Compiling
 * them, and every caller loop they are inlined into, is what costs. For sendall in bulk that
 * was 85 ms of compiler-thread CPU per GiB (BUN_JSC_reportCompileTimes); kept in DFG, 35-53 ms
 * over four runs, and library → library bulk rose 5% (2-core Xeon, 7 alternating rounds).
 * For a 20,000-round-trip ping-pong the FTL compiles took 4 µs of CPU per round trip on top
 * of the 12 µs the round trip itself costs (AMD EPYC): on a 2-core machine that CPU comes out
 * of the two ends themselves. With recv's path kept in DFG too, a client compiled 38.5 ms of
 * JIT code instead of 117, and ping-pong rose 6.7% (9 alternating rounds).
 */
import { noFTL } from "bun:jsc";
import { toBufsize, toBytes } from "./_args.ts";
import { toCInt } from "./_c-args.ts";
import { hold, release } from "./_keep-alive.ts";
import { libc } from "./_libc.ts";
import { Deadline, Signal } from "./_waiting.ts";
import { Socket } from "./socket.ts";
import { ByteQueue } from "./stream/_byte-queue.ts";
import { StreamConnection } from "./stream/_connection.ts";
import { DirectPace } from "./stream/_direct-pace.ts";
import { queuedNow, recvNow } from "./stream/_direct-read.ts";
import { receive, receiveInto, SendallQueue, sendSome } from "./stream/_io.ts";
import { RecvWait } from "./stream/_recv-wait.ts";
import { STREAM_HANDLERS } from "./stream/_stream-handlers.ts";
import { StreamTransport } from "./stream/_transport.ts";

type Callable = (...args: never[]) => unknown;

function getter(prototype: object, name: string): Callable {
  const get = Object.getOwnPropertyDescriptor(prototype, name)?.get;
  if (!get) throw new TypeError(`no getter ${name}`);
  return get;
}

/** The per-chunk calls, outermost first: compiled no higher than DFG, never inlined into FTL code. */
export function keepPerChunkCallsOutOfFtl(): void {
  const socket = Socket.prototype;
  const transport = StreamTransport.prototype;
  const conn = StreamConnection.prototype;
  const wait = RecvWait.prototype;
  const chain: Callable[] = [
    // sending
    socket.sendall,
    socket.send,
    transport.sendall,
    transport.send,
    SendallQueue.prototype.send,
    sendSome,
    conn.write,
    conn.throwPendingError,
    toBytes,
    toCInt,
    // receiving
    socket.recv,
    socket.recv_into,
    transport.recv,
    transport.recvInto,
    receive,
    receiveInto,
    toBufsize,
    conn.canRead,
    conn.read,
    conn.readInto,
    conn.readDirect,
    conn.readDirectInto,
    queuedNow,
    recvNow,
    libc,
    conn.releaseReads,
    getter(conn, "readable"),
    getter(conn, "finished"),
    ByteQueue.prototype.take,
    getter(ByteQueue.prototype, "size"),
    wait.recv,
    wait.recvInto,
    wait.takesWhole,
    wait.serve,
    getter(wait, "busy"),
    hold,
    release,
    getter(Deadline.prototype, "blocking"),
    getter(Deadline.prototype, "nonBlocking"),
    Deadline.prototype.remaining,
    Deadline.fromTimeout,
    // Bun's data callback
    STREAM_HANDLERS.data as Callable,
    conn.onData,
    DirectPace.prototype.chunk,
    getter(DirectPace.prototype, "open"),
    Signal.prototype.wake,
    Signal.prototype.notify,
  ];
  for (const fn of chain) noFTL(fn);
}
