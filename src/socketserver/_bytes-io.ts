/** Python's `io.BytesIO`, as much as DatagramRequestHandler's rfile and wfile need. */
export class BytesIO {
  #data: Buffer;
  #pos = 0;

  constructor(initial: Uint8Array = Buffer.alloc(0)) {
    this.#data = Buffer.from(initial);
  }

  /** `size` bytes from the position (the rest when -1). */
  read(size = -1): Buffer {
    const end = size < 0 ? this.#data.length : Math.min(this.#data.length, this.#pos + size);
    const out = this.#data.subarray(this.#pos, end);
    this.#pos = end;
    return Buffer.from(out);
  }

  /** Up to and including the next `\n`, or the rest. */
  readline(limit = -1): Buffer {
    const newline = this.#data.indexOf(0x0a, this.#pos);
    let end = newline < 0 ? this.#data.length : newline + 1;
    if (limit >= 0) end = Math.min(end, this.#pos + limit);
    return this.read(end - this.#pos);
  }

  readlines(): Buffer[] {
    const lines: Buffer[] = [];
    for (let line = this.readline(); line.length > 0; line = this.readline()) lines.push(line);
    return lines;
  }

  /** Writes at the position, growing the buffer; returns the count. */
  write(data: ArrayBufferView): number {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const end = this.#pos + bytes.length;
    if (end > this.#data.length) {
      const grown = Buffer.alloc(end);
      this.#data.copy(grown);
      this.#data = grown;
    }
    bytes.copy(this.#data, this.#pos);
    this.#pos = end;
    return bytes.length;
  }

  getvalue(): Buffer {
    return Buffer.from(this.#data);
  }

  *[Symbol.iterator](): Generator<Buffer> {
    for (let line = this.readline(); line.length > 0; line = this.readline()) yield line;
  }
}
