/**
 * Python's `io.BufferedReader`, `io.BufferedWriter` and `io.BufferedRWPair` over a SocketIO,
 * as `makefile("rb")`, `makefile("wb")` and `makefile("rwb")` return them. Every call that
 * blocks in Python returns a Promise.
 */
import { ValueError } from "../errors.ts";
import { checkOpen, DEFAULT_BUFFER_SIZE, UnsupportedOperation } from "./_io-base.ts";
import type { SocketIO } from "./socket-io.ts";

const EMPTY = Buffer.alloc(0);

function checkSize(size: number | null | undefined): number {
  const n = size ?? -1;
  if (n < -1) throw new ValueError("read length must be non-negative or -1");
  return n;
}

/** Reads through a buffer: lines and exact counts without a receive per byte. */
export class BufferedReader {
  #buf: Buffer = EMPTY;

  constructor(
    readonly raw: SocketIO,
    readonly buffer_size = DEFAULT_BUFFER_SIZE,
  ) {
    if (buffer_size <= 0) throw new ValueError("buffer size must be strictly positive");
  }

  get closed(): boolean {
    return this.raw.closed;
  }
  get mode(): string {
    return this.raw.mode;
  }
  get name(): number {
    return this.raw.name;
  }
  fileno(): number {
    return this.raw.fileno();
  }
  readable(): boolean {
    return this.raw.readable();
  }
  writable(): boolean {
    checkOpen(this.closed);
    return false;
  }
  seekable(): boolean {
    return this.raw.seekable();
  }

  /** `size` bytes, fewer only at EOF; everything until EOF when size is -1. */
  async read(size: number | null = -1): Promise<Buffer | null> {
    checkOpen(this.closed, "read of closed file");
    const n = checkSize(size);
    while (n < 0 || this.#buf.length < n) {
      const more = await this.#fill(n < 0 ? Math.max(this.buffer_size, 65536) : n);
      if (more === null && this.#buf.length === 0) return null;
      if (!more) break;
    }
    return this.#take(n < 0 ? this.#buf.length : n);
  }

  /** What is buffered, or one receive if nothing is. */
  async read1(size = -1): Promise<Buffer> {
    checkOpen(this.closed, "read of closed file");
    if (this.#buf.length === 0) await this.#fill(size < 0 ? this.buffer_size : size);
    return this.#take(size < 0 ? this.#buf.length : size);
  }

  /** Bytes up to and including `\n` (at most `limit`), or the rest at EOF; empty once drained. */
  async readline(limit: number | null = -1): Promise<Buffer> {
    checkOpen(this.closed, "readline of closed file");
    const max = limit ?? -1;
    for (let from = 0; ; ) {
      const end = this.#buf.indexOf(0x0a, from);
      if (end >= 0 && (max < 0 || end < max)) return this.#take(end + 1);
      if (max >= 0 && this.#buf.length >= max) return this.#take(max);
      from = this.#buf.length;
      if (!(await this.#fill(this.buffer_size))) return this.#take(this.#buf.length);
    }
  }

  /** Lines until EOF, or until their total length reaches `hint`. */
  async readlines(hint = -1): Promise<Buffer[]> {
    const lines: Buffer[] = [];
    let total = 0;
    for (let line = await this.readline(); line.length > 0; line = await this.readline()) {
      lines.push(line);
      total += line.length;
      if (hint > 0 && total >= hint) break;
    }
    return lines;
  }

  /** Buffered bytes without consuming them, receiving first if none are. */
  async peek(_size = 0): Promise<Buffer> {
    checkOpen(this.closed, "peek of closed file");
    if (this.#buf.length === 0) await this.#fill(this.buffer_size);
    return Buffer.from(this.#buf);
  }

  async readinto(buffer: ArrayBufferView): Promise<number> {
    const target = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    const data = (await this.read(target.length)) ?? EMPTY;
    target.set(data);
    return data.length;
  }

  async write(_data: ArrayBufferView): Promise<number> {
    throw new UnsupportedOperation("write");
  }

  async flush(): Promise<void> {
    checkOpen(this.closed, "flush of closed file");
  }

  async close(): Promise<void> {
    await this.raw.close();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for (let line = await this.readline(); line.length > 0; line = await this.readline()) {
      yield line;
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** One receive into the buffer: true with data, false at EOF, null when nothing is ready. */
  async #fill(size: number): Promise<boolean | null> {
    const chunk = await this.raw.read(size);
    if (chunk === null) return null;
    if (chunk.length === 0) return false;
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    return true;
  }

  #take(n: number): Buffer {
    const out = this.#buf.subarray(0, n);
    this.#buf = this.#buf.subarray(out.length);
    return Buffer.from(out);
  }
}

/** Collects writes and sends them once the buffer is full, on flush() and on close(). */
export class BufferedWriter {
  #pending: Buffer[] = [];
  #size = 0;

  constructor(
    readonly raw: SocketIO,
    readonly buffer_size = DEFAULT_BUFFER_SIZE,
  ) {
    if (buffer_size <= 0) throw new ValueError("buffer size must be strictly positive");
  }

  get closed(): boolean {
    return this.raw.closed;
  }
  get mode(): string {
    return this.raw.mode;
  }
  get name(): number {
    return this.raw.name;
  }
  fileno(): number {
    return this.raw.fileno();
  }
  readable(): boolean {
    checkOpen(this.closed);
    return false;
  }
  writable(): boolean {
    return this.raw.writable();
  }
  seekable(): boolean {
    return this.raw.seekable();
  }

  /** Buffers `data` (sending when the buffer overflows); resolves with its length. */
  async write(data: ArrayBufferView): Promise<number> {
    checkOpen(this.closed, "write to closed file");
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this.#pending.push(Buffer.from(bytes));
    this.#size += bytes.length;
    if (this.#size > this.buffer_size) await this.#send();
    return bytes.length;
  }

  /** Sends everything buffered. */
  async flush(): Promise<void> {
    checkOpen(this.closed, "flush of closed file");
    await this.#send();
  }

  async read(_size = -1): Promise<Buffer> {
    throw new UnsupportedOperation("read");
  }

  async read1(_size = -1): Promise<Buffer> {
    throw new UnsupportedOperation("read1");
  }

  async readline(_limit = -1): Promise<Buffer> {
    throw new UnsupportedOperation("readline");
  }

  /** Flushes, then closes the raw file (even when the flush fails). */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.#send();
    } finally {
      await this.raw.close();
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #send(): Promise<void> {
    let rest = Buffer.concat(this.#pending);
    this.#pending = [];
    this.#size = 0;
    while (rest.length > 0) {
      const sent = await this.raw.write(rest);
      // A non-blocking socket that took nothing: keep the bytes for the next flush.
      if (sent === null) {
        this.#pending = [rest];
        this.#size = rest.length;
        return;
      }
      rest = rest.subarray(sent);
    }
  }
}
