/**
 * The ways to use a socket besides its Python calls, all built on those calls (so timeouts and
 * errors apply): Python's `makefile()`, and what TypeScript users expect of a byte source:
 * async iteration of chunks and web streams. Socket extends this class.
 */
import { socketChunks, toReadable, toWritable } from "./_socket-streams.ts";
import { type FileFor, makefile } from "./file/makefile.ts";
import type { TextOptions } from "./file/text.ts";

export abstract class SocketViews {
  abstract readonly type: number;
  abstract recv(bufsize: number, flags?: number): Promise<Buffer>;
  abstract recv_into(buffer: ArrayBufferView, nbytes?: number, flags?: number): Promise<number>;
  abstract send(data: ArrayBufferView | ArrayBuffer, flags?: number): Promise<number>;
  abstract sendall(data: ArrayBufferView | ArrayBuffer, flags?: number): Promise<void>;
  abstract shutdown(how: number): void;
  abstract close(): void;
  abstract fileno(): number;

  /**
   * A file object over the socket, as Python's: text for "r"/"w"/"rw", buffered binary with
   * "b", the raw SocketIO with `buffering` 0. Its calls return Promises; the socket stays open
   * until it and every such file are closed.
   *
   * @example
   * const f = sock.makefile("rw");
   * await f.write("HELO\n");
   * await f.flush();
   * const reply = await f.readline();
   */
  makefile<M extends string = "r">(
    mode?: M,
    buffering: number | null = null,
    options: TextOptions = {},
  ): FileFor<M> {
    return makefile(this, mode, buffering, options) as FileFor<M>;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  /** Received chunks until EOF (streams) or until the socket is closed (datagrams). */
  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return socketChunks(this);
  }

  /** A web ReadableStream of what the peer sends; it ends at EOF. */
  get readable(): ReadableStream<Uint8Array> {
    return toReadable(this);
  }

  /** A web WritableStream into the socket; closing it half-closes the socket (SHUT_WR). */
  get writable(): WritableStream<Uint8Array> {
    return toWritable(this);
  }
}
