/**
 * What the Socket facade asks of the code that drives Bun: one implementation for streams,
 * one for datagrams. The facade validates arguments and owns timeouts; a transport owns the
 * connection state and raises Python's errno errors.
 */

import type { OptionStore } from "./_options.ts";
import type { Deadline, Signal } from "./_waiting.ts";
import type { Address } from "./address.ts";

/** A resolved endpoint: an IP literal and port, or a Unix path. */
export type Endpoint = { host: string; port: number; path?: undefined } | { path: string };

export interface Transport {
  /** Woken on any change select() or a waiter may care about. */
  readonly signal: Signal;
  readonly closed: boolean;
  bind(endpoint: Endpoint): void | Promise<void>;
  listen(backlog: number): void;
  accept(deadline: Deadline): Promise<[Transport, Address]>;
  readonly options: OptionStore;
  connect(endpoint: Endpoint, deadline: Deadline): Promise<void>;
  send(data: Uint8Array, deadline: Deadline): Promise<number>;
  sendall(data: Uint8Array, deadline: Deadline): Promise<void>;
  sendto(data: Uint8Array, endpoint: Endpoint, deadline: Deadline): Promise<number>;
  /**
   * Streams where the kernel can copy a file into the socket: true when done, false when it
   * refused before sending anything (the caller then reads and sends instead).
   */
  sendfile?(
    span: { fd: number; offset: number; count: number | null; size: number },
    timeout: number | null,
    progress: SendProgress,
  ): Promise<boolean>;
  recv(bufsize: number, flags: number, deadline: Deadline): Promise<Buffer>;
  recvInto(target: Uint8Array, nbytes: number, flags: number, deadline: Deadline): Promise<number>;
  /** Stream sockets only: one line, waiting for its newline. */
  readline?(limit: number, deadline: Deadline): Promise<Buffer>;
  /** socketpair(): both ends are unnamed, as socketpair(2) makes them. */
  forgetNames?(): void;
  /** The sender of what the last recv returned; null on a connected stream. */
  lastSender(): Address | null;
  shutdown(how: number): void;
  close(): void;
  sockname(): Address;
  peername(): Address;
  fileno(): number;
  /** SO_ERROR: the pending error's errno, cleared by reading it. */
  takeError(): number;
  /** Applies an option the store has accepted, where Bun offers a way. */
  applyOption(level: number, name: number, value: number): void;
  /** For select(): would recv / accept return without waiting? */
  readonly readReady: boolean;
  /** For select(): would send return without waiting? */
  readonly writeReady: boolean;
}

/** Bytes sent so far by a sendfile, kept up to date even when it fails part way. */
export interface SendProgress {
  sent: number;
}

/** Key of the Socket method select() reads readiness from; not exported from the library. */
export const READINESS = Symbol("sockit.readiness");

export interface Readiness {
  read: boolean;
  write: boolean;
  closed: boolean;
}

/**
 * Key of the Socket method that lends its transport to code that drives it directly: socketpair()
 * unnaming both ends, and the splice(2) and --echo paths that `extensions.ts` offers the CLI.
 * The socket keeps it; not exported from the library.
 */
export const TRANSPORT = Symbol("sockit.transport");

/** Key of the Socket method that gives its transport away and leaves the socket closed. */
export const DETACH = Symbol("sockit.detach");

/**
 * The transport the next Socket constructor adopts instead of making one: accept() uses it,
 * and so does ssl's wrap_socket, which moves a socket's connection into an SSLSocket.
 */
export const adoption: { transport?: Transport } = {};
