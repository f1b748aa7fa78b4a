/**
 * Python's request handlers. A handler is made per request and run as setup(), handle(),
 * finish() (finish even when handle raised); in TypeScript they may be async.
 */

import type { BufferedReader, BufferedWriter } from "../socket/file/index.ts";
import { type Address, IPPROTO_TCP, OSError, type Socket, TCP_NODELAY } from "../socket/index.ts";
import type { BaseServer, Request } from "./_base-server.ts";
import { BytesIO } from "./_bytes-io.ts";

export class BaseRequestHandler {
  constructor(
    readonly request: Request,
    readonly client_address: Address,
    readonly server: BaseServer,
  ) {}

  async setup(): Promise<void> {}
  async handle(): Promise<void> {}
  async finish(): Promise<void> {}

  /** What Python's constructor does: setup, handle, and finish whatever happens. */
  async run(): Promise<void> {
    await this.setup();
    try {
      await this.handle();
    } finally {
      await this.finish();
    }
  }
}

/** Python's `_SocketWriter`: an unbuffered wfile whose write() is sendall(). */
export class SocketWriter {
  #closed = false;
  constructor(readonly sock: Socket) {}

  get closed(): boolean {
    return this.#closed;
  }
  writable(): boolean {
    return true;
  }
  fileno(): number {
    return this.sock.fileno();
  }

  async write(data: ArrayBufferView): Promise<number> {
    await this.sock.sendall(data);
    return data.byteLength;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    this.#closed = true;
  }
}

/** Gives a connection as `rfile` and `wfile`: read lines, write replies. */
export class StreamRequestHandler extends BaseRequestHandler {
  /** rfile buffering: -1 is buffered, 0 unbuffered. */
  rbufsize = -1;
  /** wfile buffering: 0 (the default) writes straight through with sendall(). */
  wbufsize = 0;
  /** A timeout in seconds for the connection; null leaves it blocking. */
  timeout: number | null = null;
  disable_nagle_algorithm = false;
  declare connection: Socket;
  declare rfile: BufferedReader;
  declare wfile: BufferedWriter | SocketWriter;

  override async setup(): Promise<void> {
    this.connection = this.request as Socket;
    if (this.timeout !== null) this.connection.settimeout(this.timeout);
    if (this.disable_nagle_algorithm) this.connection.setsockopt(IPPROTO_TCP, TCP_NODELAY, true);
    this.rfile = this.connection.makefile("rb", this.rbufsize);
    this.wfile =
      this.wbufsize === 0
        ? new SocketWriter(this.connection)
        : this.connection.makefile("wb", this.wbufsize);
  }

  override async finish(): Promise<void> {
    if (!this.wfile.closed) {
      try {
        await this.wfile.flush();
      } catch (err) {
        // A final flush can fail if the client went away; Python ignores that.
        if (!(err instanceof OSError)) throw err;
      }
    }
    await this.wfile.close();
    await this.rfile.close();
  }
}

/** Gives a datagram as `rfile` and collects the reply in `wfile`, sent back on finish(). */
export class DatagramRequestHandler extends BaseRequestHandler {
  declare packet: Buffer;
  declare socket: Socket;
  declare rfile: BytesIO;
  declare wfile: BytesIO;

  override async setup(): Promise<void> {
    [this.packet, this.socket] = this.request as [Buffer, Socket];
    this.rfile = new BytesIO(this.packet);
    this.wfile = new BytesIO();
  }

  override async finish(): Promise<void> {
    await this.socket.sendto(this.wfile.getvalue(), this.client_address);
  }
}
