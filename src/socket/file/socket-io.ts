/**
 * Python's `socket.SocketIO`: the raw (unbuffered) file over a socket that `makefile()` wraps,
 * and what `makefile("rb", buffering=0)` returns. Reads are recv_into, writes are send.
 */
import { BlockingIOError, OSError, TimeoutError } from "../errors.ts";
import {
  checkOpen,
  DEFAULT_BUFFER_SIZE,
  type FileSocket,
  releaseSocket,
  UnsupportedOperation,
} from "./_io-base.ts";

export class SocketIO {
  #sock: FileSocket | null;
  readonly #reading: boolean;
  readonly #writing: boolean;
  #timedOut = false;
  readonly mode: string;

  /** `mode` is "r", "w" or "rw" (Python's raw modes); "b" is implied. */
  constructor(sock: FileSocket, mode: string) {
    this.#sock = sock;
    this.#reading = mode.includes("r");
    this.#writing = mode.includes("w");
    this.mode = `${mode}b`;
  }

  get closed(): boolean {
    return this.#sock === null;
  }

  /** The socket's descriptor, as Python's SocketIO.name is. */
  get name(): number {
    return this.fileno();
  }

  fileno(): number {
    checkOpen(this.closed);
    return (this.#sock as FileSocket).fileno();
  }

  readable(): boolean {
    checkOpen(this.closed, "I/O operation on closed socket.");
    return this.#reading;
  }

  writable(): boolean {
    checkOpen(this.closed, "I/O operation on closed socket.");
    return this.#writing;
  }

  seekable(): boolean {
    checkOpen(this.closed);
    return false;
  }

  isatty(): boolean {
    checkOpen(this.closed);
    return false;
  }

  /** Receives into `buffer`: the count, 0 at EOF, null when a non-blocking socket has nothing. */
  async readinto(buffer: ArrayBufferView): Promise<number | null> {
    const sock = this.#open();
    if (!this.#reading) throw new UnsupportedOperation("File or stream is not readable.");
    // After a timeout the stream position is unknown, so Python refuses further reads.
    if (this.#timedOut) throw new OSError("cannot read from timed out object");
    try {
      return await sock.recv_into(buffer);
    } catch (err) {
      if (err instanceof TimeoutError) this.#timedOut = true;
      else if (err instanceof BlockingIOError) return null;
      throw err;
    }
  }

  /** Up to `size` bytes in one receive (everything until EOF when size is -1). */
  async read(size = -1): Promise<Buffer | null> {
    if (size < 0) return this.readall();
    const buffer = Buffer.alloc(size);
    const count = await this.readinto(buffer);
    return count === null ? null : buffer.subarray(0, count);
  }

  /** Everything until EOF. */
  async readall(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (;;) {
      const part = await this.read(DEFAULT_BUFFER_SIZE);
      if (part === null || part.length === 0) return Buffer.concat(parts);
      parts.push(part);
    }
  }

  /** One line, read a byte at a time (a raw file has no buffer to look ahead in). */
  async readline(limit = -1): Promise<Buffer> {
    const parts: number[] = [];
    while (limit < 0 || parts.length < limit) {
      const byte = await this.read(1);
      if (!byte || byte.length === 0) break;
      parts.push(byte[0] as number);
      if (byte[0] === 0x0a) break;
    }
    return Buffer.from(parts);
  }

  /** Sends what the socket takes now; null when a non-blocking socket takes nothing. */
  async write(data: ArrayBufferView): Promise<number | null> {
    const sock = this.#open();
    if (!this.#writing) throw new UnsupportedOperation("File or stream is not writable.");
    try {
      return await sock.send(data);
    } catch (err) {
      if (err instanceof BlockingIOError) return null;
      throw err;
    }
  }

  async flush(): Promise<void> {
    checkOpen(this.closed);
  }

  /** Closes this file; the socket closes too if it was closed while this file held it. */
  async close(): Promise<void> {
    const sock = this.#sock;
    if (!sock) return;
    this.#sock = null;
    releaseSocket(sock);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #open(): FileSocket {
    checkOpen(this.closed);
    return this.#sock as FileSocket;
  }
}
