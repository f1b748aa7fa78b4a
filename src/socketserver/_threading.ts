/**
 * Python's ThreadingMixIn, with async tasks for threads: each request is handled by its own
 * task while serve_forever() goes on accepting, so slow clients do not hold up others.
 * server_close() waits for the tasks still running (block_on_close), as Python joins threads.
 */
import type { Address } from "../socket/index.ts";
import type { BaseServer, Request } from "./_base-server.ts";
import { TCPServer, UDPServer, UnixDatagramServer, UnixStreamServer } from "./_servers.ts";

// biome-ignore lint/suspicious/noExplicitAny: a mixin's base constructor takes any arguments.
type ServerClass = abstract new (...args: any[]) => BaseServer;

/** `class MyServer extends ThreadingMixIn(TCPServer) {}` is Python's `(ThreadingMixIn, TCPServer)`. */
export function ThreadingMixIn<T extends ServerClass>(Base: T) {
  abstract class Threading extends Base {
    /** Python's daemon_threads: with true, server_close() does not wait for handlers. */
    daemon_threads = false;
    block_on_close = true;
    readonly #tasks = new Set<Promise<void>>();

    /** Starts the handler as its own task and returns at once. */
    override async process_request(request: Request, client_address: Address): Promise<void> {
      const task = this.#processRequestTask(request, client_address);
      this.#tasks.add(task);
      task.finally(() => this.#tasks.delete(task));
    }

    override async server_close(): Promise<void> {
      await super.server_close();
      if (this.block_on_close && !this.daemon_threads) await Promise.all([...this.#tasks]);
    }

    /** Python's process_request_thread: errors go to handle_error, the request is closed. */
    async #processRequestTask(request: Request, client_address: Address): Promise<void> {
      try {
        await this.finish_request(request, client_address);
      } catch (err) {
        this.handle_error(request, client_address, err);
      } finally {
        this.shutdown_request(request);
      }
    }
  }
  return Threading;
}

export class ThreadingTCPServer extends ThreadingMixIn(TCPServer) {}
export class ThreadingUDPServer extends ThreadingMixIn(UDPServer) {}
export class ThreadingUnixStreamServer extends ThreadingMixIn(UnixStreamServer) {}
export class ThreadingUnixDatagramServer extends ThreadingMixIn(UnixDatagramServer) {}
