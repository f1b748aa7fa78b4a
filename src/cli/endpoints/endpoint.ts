/**
 * What the pump joins: a byte stream with half-close. A connected socket, stdin/stdout, a
 * program's pipes and a socket behind a proxy all look like this, so one pump serves every pair
 * and adding a kind of endpoint means adding one file beside this one.
 */

import type { ReceiveSplicer } from "../../socket/extensions.ts";
import type { Address } from "../../socket/index.ts";
import type { SpliceSink } from "./_stdout-splice.ts";

export interface Endpoint {
  /** How reports name it: `127.0.0.1:80`, `/tmp/s.sock`, `stdio`, `exec:cat`. */
  readonly label: string;
  /** The far and near addresses, when the endpoint is a socket (for -v and --json). */
  readonly peer?: Address;
  readonly local?: Address;
  /** Reading it means waiting for a person at a terminal (whose EOF may never come). */
  readonly interactive?: boolean;
  /**
   * Silence from it after the far side's EOF means it has nothing more to say (stdin from a
   * pipe that nobody closes): the pump then ends the session after a grace period.
   */
  readonly idleIsDone?: boolean;
  /**
   * Resolves when the endpoint is over by itself (a program that exited): the session then
   * ends as soon as everything it produced has been sent on.
   */
  readonly finished?: Promise<void>;
  /**
   * The next chunk, or null at EOF; absent when nothing is ever read from this endpoint
   * (stdin under --recv-only). Rejects on a real failure (a reset).
   */
  read?(): Promise<Uint8Array | null>;
  /** Set when read() would return a regular file's bytes from `position` on (stdin < file). */
  readonly file?: { fd: number; position: number };
  /** Set when write() only echoes back out of read() (--echo): the pump loops LEFT to itself. */
  readonly echoes?: boolean;
  /**
   * Sends up to `count` bytes of file `fd` from `offset` without them passing through us;
   * resolves with the count, 0 at EOF. Rejects with PeerGone as write() does.
   */
  sendFile?(fd: number, offset: number, count: number): Promise<number>;
  /**
   * --echo on a plain stream socket: everything it receives goes straight back until the far
   * side's EOF, then a half-close (`each` sees every chunk); resolves then, or when the far
   * side can take no more. Null where only read() and write() can do it (TLS).
   */
  echoBack?(each: (chunk: Uint8Array) => void): Promise<void> | null;
  /** A plain stream socket on Linux: what arrives can be spliced into a pipe (`_splice-copy.ts`). */
  receiveSplicer?(): ReceiveSplicer | null;
  /** write() goes to a descriptor that takes splice(2): a pipe, a file, /dev/null. */
  spliceSink?(): SpliceSink | null;
  /**
   * Resolves once `data` has been taken (backpressure: a slow reader slows the writer).
   * Rejects with PeerGone when the far side can no longer take bytes, which ends this direction
   * without failing the session.
   */
  write(data: Uint8Array): Promise<void>;
  /** Half-close: no more writes; the far side sees EOF once what was written has gone. */
  shutdownWrite(): void;
  /** Releases everything; safe to call twice. */
  close(): void;
}

/** The far side hung up while we still had bytes for it: a normal end of that direction. */
export class PeerGone extends Error {
  override name = "PeerGone";
}
