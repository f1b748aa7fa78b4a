/**
 * The bytes received and not yet read: chunks as Bun delivered them, read from the front
 * without copying when one chunk is enough.
 */
/** A first chunk at least this large is returned on its own rather than joined to the next. */
const ALONE = 16 * 1024;

export class ByteQueue {
  #chunks: Buffer[] = [];
  /** Index of the first live chunk; the array is compacted once the dead prefix is long. */
  #first = 0;
  /** Bytes already read from the first live chunk. */
  #offset = 0;
  #size = 0;

  /** Bytes waiting to be read. */
  get size(): number {
    return this.#size;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#size += chunk.length;
  }

  /**
   * Removes and returns up to `n` bytes. A large first chunk comes back alone, as a view with no
   * copy, even if more is buffered: recv may always return less than is there, and copying
   * chunks together would cost more than the call that follows. `exact` (MSG_WAITALL) joins them.
   */
  take(n: number, exact = false): Buffer {
    const out = this.peek(n, exact);
    this.#skip(out.length);
    return out;
  }

  /** Returns up to `n` bytes without consuming them (MSG_PEEK). */
  peek(n: number, exact = false): Buffer {
    const want = Math.min(n, this.#size);
    const head = this.#chunks[this.#first];
    if (want === 0 || head === undefined) return Buffer.alloc(0);
    const headLeft = head.length - this.#offset;
    // A whole chunk that is the answer (the common case) comes back as it is, without a new view.
    const whole = headLeft === want || (!exact && headLeft >= ALONE && headLeft < want);
    if (this.#offset === 0 && whole) return head;
    if (headLeft >= want || (!exact && headLeft >= ALONE)) {
      return head.subarray(this.#offset, this.#offset + Math.min(want, headLeft));
    }
    const out = Buffer.allocUnsafe(want);
    this.#copyTo(out, want);
    return out;
  }

  /** Offset of the first `byte` within the first `limit` buffered bytes, or -1. */
  indexOf(byte: number, limit = this.#size): number {
    let base = 0;
    let offset = this.#offset;
    for (let i = this.#first; i < this.#chunks.length && base < limit; i++) {
      const chunk = this.#chunks[i] as Buffer;
      const found = chunk.indexOf(byte, offset);
      if (found >= 0) return base + found - offset < limit ? base + found - offset : -1;
      base += chunk.length - offset;
      offset = 0;
    }
    return -1;
  }

  /** Moves up to `n` bytes into `target`; returns the count. */
  takeInto(target: Uint8Array, n: number): number {
    const count = this.#copyTo(target, Math.min(n, this.#size));
    this.#skip(count);
    return count;
  }

  /** Forgets everything buffered (SHUT_RD, reset). */
  clear(): void {
    this.#chunks.length = 0;
    this.#first = 0;
    this.#offset = 0;
    this.#size = 0;
  }

  #copyTo(target: Uint8Array, want: number): number {
    let copied = 0;
    let offset = this.#offset;
    for (let i = this.#first; copied < want && i < this.#chunks.length; i++) {
      const chunk = this.#chunks[i] as Buffer;
      const part = Math.min(chunk.length - offset, want - copied);
      target.set(chunk.subarray(offset, offset + part), copied);
      copied += part;
      offset = 0;
    }
    return copied;
  }

  #skip(count: number): void {
    this.#size -= count;
    let left = count;
    while (left > 0) {
      const head = this.#chunks[this.#first] as Buffer;
      const avail = head.length - this.#offset;
      if (left < avail) {
        this.#offset += left;
        return;
      }
      left -= avail;
      this.#first++;
      this.#offset = 0;
    }
    if (this.#first > 64 && this.#first * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#first);
      this.#first = 0;
    }
    if (this.#size === 0) this.clear();
  }
}
