/**
 * Python's `socketserver.BaseServer`: the request loop. serve_forever() waits for the server's
 * socket as select() would (so it keeps the process alive, as a blocked Python server does) and
 * hands each request to process_request(); shutdown() ends the loop from another task.
 */
import { READINESS, type Readiness } from "../socket/_transport.ts";
import { activity } from "../socket/_waiting.ts";
import { OSError, TimeoutError } from "../socket/errors.ts";
import type { Address, Socket } from "../socket/index.ts";
import type { BaseRequestHandler } from "./_handlers.ts";

/** What a request is: a connected socket (streams) or `[data, socket]` (datagrams). */
export type Request = Socket | [Buffer, Socket];

export type HandlerClass = new (
  request: never,
  client_address: never,
  server: never,
) => BaseRequestHandler;

export abstract class BaseServer {
  /** Seconds handle_request() waits before handle_timeout(); null waits forever. */
  timeout: number | null = null;
  #shutdownRequest = false;
  #isShutDown: Promise<void> = Promise.resolve();

  constructor(
    public server_address: Address,
    readonly RequestHandlerClass: HandlerClass,
  ) {}

  /** The listening or bound socket requests arrive on. */
  abstract get socket(): Socket;
  /** Resolves once the server is bound and listening (or rejects with why it could not be). */
  abstract ready(): Promise<this>;
  abstract get_request(): Promise<[Request, Address]>;

  fileno(): number {
    return this.socket.fileno();
  }

  /** Handles requests until shutdown(); checks for it every `poll_interval` seconds at most. */
  async serve_forever(poll_interval = 0.5): Promise<void> {
    await this.ready();
    const { promise, resolve } = Promise.withResolvers<void>();
    this.#isShutDown = promise;
    try {
      while (!this.#shutdownRequest) {
        const ready = await this.#readable(poll_interval);
        if (this.#shutdownRequest) break;
        if (ready) await this.#handleRequestNoblock();
        await this.service_actions();
      }
    } finally {
      this.#shutdownRequest = false;
      resolve();
    }
  }

  /** Stops serve_forever() and waits until it has returned. */
  async shutdown(): Promise<void> {
    this.#shutdownRequest = true;
    // Wakes serve_forever's wait at once instead of after poll_interval.
    activity.notify();
    await this.#isShutDown;
  }

  /** Called by serve_forever() after each turn of its loop. */
  async service_actions(): Promise<void> {}

  /** Handles one request, waiting at most `timeout` (the socket's or the server's, the less). */
  async handle_request(): Promise<void> {
    await this.ready();
    let timeout = this.socket.gettimeout();
    if (timeout === null) timeout = this.timeout;
    else if (this.timeout !== null) timeout = Math.min(timeout, this.timeout);
    if (await this.#readable(timeout)) return this.#handleRequestNoblock();
    return this.handle_timeout();
  }

  /** Called when handle_request() times out. */
  async handle_timeout(): Promise<void> {}

  /** Return false to refuse a request before it is handled. */
  verify_request(_request: Request, _client_address: Address): boolean | Promise<boolean> {
    return true;
  }

  /** Handles the request and closes it (ThreadingMixIn runs this as a separate task). */
  async process_request(request: Request, client_address: Address): Promise<void> {
    await this.finish_request(request, client_address);
    this.shutdown_request(request);
  }

  /** Runs the handler: setup(), handle(), then finish() even if handle() failed. */
  async finish_request(request: Request, client_address: Address): Promise<void> {
    const Handler = this.RequestHandlerClass as unknown as new (
      ...args: unknown[]
    ) => BaseRequestHandler;
    await new Handler(request, client_address, this).run();
  }

  /** Ends a request: the connection is closed. */
  shutdown_request(request: Request): void {
    this.close_request(request);
  }

  close_request(_request: Request): void {}

  /** Reports a handler's exception on stderr, as Python's does, and carries on serving. */
  handle_error(_request: Request, client_address: Address, error?: unknown): void {
    const line = "-".repeat(40);
    const where = Array.isArray(client_address)
      ? `(${client_address.map((p) => (typeof p === "string" ? `'${p}'` : p)).join(", ")})`
      : `'${client_address}'`;
    const trace = error instanceof Error ? (error.stack ?? String(error)) : String(error);
    process.stderr.write(
      `${line}\nException occurred during processing of request from ${where}\n${trace}\n${line}\n`,
    );
  }

  /** Closes the server's socket. */
  async server_close(): Promise<void> {
    this.socket.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.server_close();
  }

  /**
   * Waits (as select() on the server socket would) until a request is there, `seconds` pass
   * or shutdown() is called: true when a request is there.
   */
  async #readable(seconds: number | null): Promise<boolean> {
    const sock = this.socket as unknown as { [READINESS](): Readiness };
    const deadline =
      seconds === null ? Number.POSITIVE_INFINITY : performance.now() + seconds * 1000;
    for (;;) {
      const state = sock[READINESS]();
      if (state.read || state.closed) return true;
      if (this.#shutdownRequest) return false;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      try {
        await activity.next(left);
      } catch (err) {
        if (!(err instanceof TimeoutError)) throw err;
        return false;
      }
    }
  }

  async #handleRequestNoblock(): Promise<void> {
    let request: Request;
    let client_address: Address;
    try {
      [request, client_address] = await this.get_request();
    } catch (err) {
      if (err instanceof OSError) return;
      throw err;
    }
    if (!(await this.verify_request(request, client_address))) {
      this.shutdown_request(request);
      return;
    }
    try {
      await this.process_request(request, client_address);
    } catch (err) {
      this.handle_error(request, client_address, err);
      this.shutdown_request(request);
    }
  }
}
