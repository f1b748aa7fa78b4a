/**
 * A bound TCP or Unix stream socket on Bun.listen, with Python's accept queue on top.
 *
 * Bun has no bind-without-listen, accepts every connection itself and always listens with a
 * backlog of 512 (BUN_FACTS.md). So `bind()` opens the Bun listener at once, which is what
 * makes EADDRINUSE surface from bind as in Python, and the accept queue lives here: until
 * `listen()` every arrival is reset, and after it at most backlog + 1 connections wait (as on
 * Linux); the ones beyond are reset at once instead of waiting.
 */

import { linkSync, renameSync, rmSync } from "node:fs";
import type { SocketHandler, SocketListener } from "bun";
import { letExit } from "../_keep-alive.ts";
import { activity, Signal } from "../_waiting.ts";
import { fromBunError } from "../errors.ts";
import { STREAM_HANDLERS, StreamConnection } from "./_connection.ts";

/**
 * Bun's stop() unlinks a Unix listener's file, but Linux's close() leaves it: a later bind then
 * gets EADDRINUSE and a connect ECONNREFUSED, which Python scripts expect and clean up after.
 * A hard link taken before stop() is renamed back over the path once Bun has unlinked it.
 */
function keepSocketFile(path: string): (() => void) | null {
  const spare = `${path}.${process.pid}.sockit-keep`;
  try {
    linkSync(path, spare);
  } catch {
    return null;
  }
  return () => {
    try {
      renameSync(spare, path);
    } catch {
      rmSync(spare, { force: true });
    }
  };
}

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

  get listening(): boolean {
    return this.#backlog >= 0;
  }

  get port(): number {
    return this.#bun?.port ?? 0;
  }

  get fd(): number {
    return this.#bun?.fd ?? -1;
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
    if (!this.#bun) return;
    const restoreFile = this.#path === null ? null : keepSocketFile(this.#path);
    this.#bun.stop(false);
    restoreFile?.();
    this.#bun = null;
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
  }

  #open(
    where:
      | { hostname: string; port: number; ipv6Only: boolean; reusePort: boolean }
      | { unix: string },
  ): void {
    const owner = this;
    const handlers: SocketHandler<StreamConnection> = {
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
      this.#bun = letExit(
        Bun.listen({
          ...where,
          allowHalfOpen: true,
          socket: handlers,
        } as Parameters<typeof Bun.listen<StreamConnection>>[0]) as BunListener,
      );
    } catch (err) {
      throw fromBunError(err);
    }
  }
}
