/** Python's `io.BufferedRWPair`: what `makefile("rwb")` returns, a reader and a writer in one. */
import { BufferedReader, BufferedWriter } from "./buffered.ts";
import type { SocketIO } from "./socket-io.ts";

export class BufferedRWPair {
  readonly #reader: BufferedReader;
  readonly #writer: BufferedWriter;

  constructor(reader: SocketIO, writer: SocketIO, buffer_size?: number) {
    this.#reader = new BufferedReader(reader, buffer_size);
    this.#writer = new BufferedWriter(writer, buffer_size);
  }

  get closed(): boolean {
    return this.#writer.closed;
  }
  readable(): boolean {
    return this.#reader.readable();
  }
  writable(): boolean {
    return this.#writer.writable();
  }
  seekable(): boolean {
    return false;
  }
  fileno(): number {
    return this.#reader.fileno();
  }

  read(size: number | null = -1): Promise<Buffer | null> {
    return this.#reader.read(size);
  }
  read1(size = -1): Promise<Buffer> {
    return this.#reader.read1(size);
  }
  readline(limit: number | null = -1): Promise<Buffer> {
    return this.#reader.readline(limit);
  }
  readlines(hint = -1): Promise<Buffer[]> {
    return this.#reader.readlines(hint);
  }
  peek(size = 0): Promise<Buffer> {
    return this.#reader.peek(size);
  }
  readinto(buffer: ArrayBufferView): Promise<number> {
    return this.#reader.readinto(buffer);
  }
  write(data: ArrayBufferView): Promise<number> {
    return this.#writer.write(data);
  }
  flush(): Promise<void> {
    return this.#writer.flush();
  }

  /** Flushes and closes the writer, then the reader, as Python's does. */
  async close(): Promise<void> {
    try {
      await this.#writer.close();
    } finally {
      await this.#reader.close();
    }
  }

  [Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    return this.#reader[Symbol.asyncIterator]();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
