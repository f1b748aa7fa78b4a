/**
 * One stream connection joined to stdin and stdout (or echoing): bytes move both ways with
 * backpressure, stdin EOF half-closes, and the session ends when the peer finishes, or at
 * -q after stdin EOF, or after -i of silence. A peer that hangs up is a normal end.
 */
import {
  AF_UNIX,
  BrokenPipeError,
  IPPROTO_TCP,
  SHUT_WR,
  type Socket,
  TCP_NODELAY,
} from "../socket/index.ts";
import { isTerminal } from "./_terminal.ts";
import { after, IdleTimer } from "./_timers.ts";
import { type ByteSink, crlfEncoder } from "./endpoints/stdio.ts";
import type { Reporter } from "./report/reporter.ts";

export interface RelayOptions {
  /** Bytes to send; null when stdin is not read (--recv-only, --echo). */
  input: AsyncIterable<Uint8Array> | null;
  output: ByteSink;
  echo?: boolean;
  sendOnly?: boolean;
  crlf?: boolean;
  quitAfterEof?: number;
  idleSeconds?: number;
}

/** Bun hands over at most 512 KiB at a time; asking for more returns its chunks uncopied. */
const CHUNK = 1024 * 1024;

/**
 * Runs the session to its end; rejects only on real network errors (reset, timeout). It ends
 * when both directions are finished: the peer's EOF has arrived and all of stdin has been sent
 * (a peer that half-closes still gets our file). On a terminal the peer's EOF alone ends it,
 * since nobody is going to type into a closed connection.
 */
export async function relay(sock: Socket, options: RelayOptions, reporter: Reporter, id = 0) {
  // Typed lines should leave at once: Nagle would hold a short write until the last is acked.
  if (sock.family !== AF_UNIX) sock.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
  const idle = new IdleTimer(options.idleSeconds);
  const inputDone = options.input
    ? pumpInput(sock, options, reporter, idle, id)
    : Promise.resolve();
  const quit = inputDone.then(() => after(options.quitAfterEof));
  // --send-only still reads (and drops) what arrives: closing with unread data would reset
  // the peer, and its EOF would go unnoticed.
  const outputDone = pumpOutput(sock, options, reporter, idle, id);
  const interactive = options.input !== null && isTerminal(0);
  const ends = [
    interactive ? outputDone : Promise.all([outputDone, inputDone]),
    quit,
    idle.expired.then(() => reporter.note("Idle timeout expired.")),
  ];
  if (options.sendOnly) ends.push(inputDone);
  // Whatever loses the race may still reject (a recv cut short by close): that is expected.
  for (const end of [...ends, inputDone, outputDone]) end.catch(() => {});
  try {
    await Promise.race(ends);
  } finally {
    idle.stop();
  }
}

async function pumpInput(
  sock: Socket,
  options: RelayOptions,
  reporter: Reporter,
  idle: IdleTimer,
  id: number,
) {
  try {
    const encode = options.crlf ? crlfEncoder() : (raw: Uint8Array) => raw;
    for await (const raw of options.input ?? []) {
      const chunk = encode(raw);
      reporter.data("sent", chunk, id);
      idle.touch();
      await sock.sendall(chunk);
    }
    sock.shutdown(SHUT_WR);
  } catch (err) {
    // The peer went away while we still had input: a hang-up, not a failure.
    if (err instanceof BrokenPipeError) return;
    if (sock.fileno() === -1) return;
    throw err;
  }
}

async function pumpOutput(
  sock: Socket,
  options: RelayOptions,
  reporter: Reporter,
  idle: IdleTimer,
  id: number,
) {
  for (;;) {
    const data = await sock.recv(CHUNK);
    if (data.length === 0) return;
    idle.touch();
    reporter.data("received", data, id);
    if (options.echo) {
      reporter.data("sent", data, id);
      await sock.sendall(data);
    } else if (!options.sendOnly) {
      await options.output.write(data);
    }
  }
}
