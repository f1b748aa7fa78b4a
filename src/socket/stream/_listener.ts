/**
 * A bound TCP or Unix stream socket on Bun.listen, with Python's accept queue on top.
 *
 * Bun has no bind-without-listen, accepts every connection itself and always listens with a
 * backlog of 512 (BUN_FACTS.md). So `bind()` opens the Bun listener at once, which is what
 * makes EADDRINUSE surface from bind as in Python, and the accept queue lives here: until
 * `listen()` every arrival is reset, and after it at most backlog + 1 connections wait (as on
 * Linux); the ones beyond are reset at once instead of waiting.
 *
 * When the descriptor table fills up, Bun's accept() fails with EMFILE and it retries at once,
 * forever, at 100% CPU. So after each arrival the listener checks that a descriptor is left; if
 * none is, it stops Bun's listener (a spare descriptor keeps the socket and its queue alive, so
 * clients wait in the kernel as on Linux) and checks every RETRY_MS until one is free again.
 * Meanwhile accept() raises EMFILE when a connection is waiting, as Python's does.
 */

import type { SocketHandler, SocketListener } from "bun";
import { letExit } from "../_keep-alive.ts";
import { activity, Signal } from "../_waiting.ts";
import { fromBunError } from "../errors.ts";
import { StreamConnection } from "./_connection.ts";
import { available, closeDescriptor, duplicate, hasPending } from "./_descriptors.ts";
import { keepSocketFile } from "./_socket-file.ts";
import { STREAM_HANDLERS } from "./_stream-handlers.ts";

/** How often a listener that ran out of descriptors looks for a free one. */
const RETRY_MS = 50;

export interface InetListenOptions {
  ipv6Only?: boolean;
  reusePort?: boolean;
}

type BunListener = SocketListener<StreamConnection> & {
  readonly port?: number;
  readonly hostname?: string;
  readonly fd?: number;
};

export class StreamListener {
  /** Notified when a connection joins the queue or the listener closes. */
  readonly signal = new Signal();
  readonly #queue: StreamConnection[] = [];
  #backlog = -1;
  #bun: BunListener | null = null;
  /** Runs for each arrival before any of its data: the TLS hook puts TLS on it there. */
  onArrival: ((conn: StreamConnection) => void) | null = null;
  /** The socket file of a Unix listener, kept on close as Linux keeps it. */
  #path: string | null = null;
  #port = 0;
  #handlers: SocketHandler<StreamConnection> | null = null;
  /** A second descriptor for the listening socket: it outlives a paused Bun listener. */
  #spare = -1;
  /** Set while Bun's listener is stopped for want of descriptors. */
  #retry: ReturnType<typeof setInterval> | null = null;

  private constructor() {}

  /** Binds host:port now; throws the OSError Python's bind() would. */
  static inet(host: string, port: number, options: InetListenOptions = {}): StreamListener {
    const listener = new StreamListener();
    listener.#open({
      hostname: host,
      port,
      ipv6Only: options.ipv6Only ?? false,
      reusePort: options.reusePort ?? false,
    });
    return listener;
  }

  /** Binds a Unix socket path (creating the file); throws EADDRINUSE if it exists. */
  static unix(path: string): StreamListener {
    const listener = new StreamListener();
    listener.#open({ unix: path });
    // An abstract name (leading NUL) has no file to keep.
    if (!path.startsWith("\0")) listener.#path = path;
    return listener;
  }

  /** A descriptor that is listening already (socket(fileno=fd)): Bun accepts on it as it is. */
  static adopt(fd: number, port: number, backlog: number): StreamListener {
    const listener = new StreamListener();
    listener.#open({ fd });
    listener.#port = port;
    listener.#backlog = backlog;
    return listener;
  }

  get listening(): boolean {
    return this.#backlog >= 0;
  }

  get port(): number {
    return this.#port;
  }

  get fd(): number {
    return this.#bun?.fd ?? this.#spare;
  }

  /**
   * True while the descriptor table is full and a connection waits in the kernel: accept()
   * would fail with EMFILE.
   */
  get exhausted(): boolean {
    return this.#retry !== null && hasPending(this.#spare);
  }

  /** Connections waiting for accept(). */
  get pending(): number {
    return this.#queue.length;
  }

  listen(backlog: number): void {
    this.#backlog = Math.max(0, backlog);
  }

  /** The oldest waiting connection, if any. */
  accept(): StreamConnection | undefined {
    return this.#queue.shift();
  }

  /** Closes the listening socket; connections not yet accepted are reset, as Linux does. */
  close(): void {
    if (!this.#bun && this.#spare < 0) return;
    this.#stopBun();
    this.#stopRetrying();
    // The spare is the socket's last descriptor: closing it closes the socket.
    closeDescriptor(this.#spare);
    this.#spare = -1;
    for (const conn of this.#queue.splice(0)) conn.reset();
    this.signal.notify();
  }

  #arrive(conn: StreamConnection): void {
    // Linux lets backlog + 1 connections wait in the accept queue.
    if (this.#backlog < 0 || this.#queue.length > this.#backlog) {
      conn.reset();
      return;
    }
    this.#queue.push(conn);
    this.signal.notify();
    activity.notify();
    this.#checkDescriptors();
  }

  /** After an accept: if that took the last free descriptor, stop Bun before it spins. */
  #checkDescriptors(): void {
    if (this.#spare < 0 || this.#retry) return;
    const probe = duplicate(this.#spare);
    if (probe >= 0) {
      closeDescriptor(probe);
      return;
    }
    this.#stopBun();
    this.#retry = setInterval(() => this.#tryResume(), RETRY_MS);
    this.#retry.unref?.();
  }

  /**
   * Listens again once two descriptors are free, one for the new spare and one for the next
   * connection (with only the spare's, Bun would spin again at once); until then wakes accept()
   * to raise EMFILE.
   */
  #tryResume(): void {
    const next = duplicate(this.#spare);
    const probe = next < 0 ? -1 : duplicate(this.#spare);
    closeDescriptor(probe);
    if (probe < 0) {
      closeDescriptor(next);
      if (hasPending(this.#spare)) this.signal.notify();
      return;
    }
    this.#stopRetrying();
    // Bun takes the spare as its listening descriptor; the fresh duplicate is the new spare.
    const fd = this.#spare;
    this.#spare = next;
    this.#listenBun({ fd });
    this.signal.notify();
  }

  #stopRetrying(): void {
    if (this.#retry) clearInterval(this.#retry);
    this.#retry = null;
  }

  /** Stops Bun's listener; the socket file stays, as Linux's close() leaves it. */
  #stopBun(): void {
    if (!this.#bun) return;
    const restoreFile = this.#path === null ? null : keepSocketFile(this.#path);
    this.#bun.stop(false);
    restoreFile?.();
    this.#bun = null;
  }

  #open(
    where:
      | { hostname: string; port: number; ipv6Only: boolean; reusePort: boolean }
      | { unix: string }
      | { fd: number },
  ): void {
    const owner = this;
    this.#handlers = {
      ...STREAM_HANDLERS,
      open(socket) {
        const conn = new StreamConnection();
        conn.attach(socket);
        socket.data = conn;
        owner.onArrival?.(conn);
        owner.#arrive(conn);
      },
    };
    try {
      this.#listenBun(where);
    } catch (err) {
      throw fromBunError(err);
    }
    this.#port = this.#bun?.port ?? 0;
    if (available()) this.#spare = duplicate(this.fd);
  }

  #listenBun(
    where:
      | { hostname: string; port: number; ipv6Only: boolean; reusePort: boolean }
      | { unix: string }
      | { fd: number },
  ): void {
    this.#bun = letExit(
      Bun.listen({
        ...where,
        allowHalfOpen: true,
        socket: this.#handlers,
      } as Parameters<typeof Bun.listen<StreamConnection>>[0]) as BunListener,
    );
  }
}
