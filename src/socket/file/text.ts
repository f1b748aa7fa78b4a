/**
 * Python's `io.TextIOWrapper` over a buffered socket file: what `makefile("r")`, `("w")` and
 * `("rw")` return. It decodes, and translates newlines as Python's `newline` argument says:
 * null (universal: `\r\n` and `\r` read as `\n`), "" (lines end at any of them, untranslated),
 * or one of "\n", "\r", "\r\n" (lines end there; writes turn `\n` into it).
 */
import { ValueError } from "../errors.ts";
import { type Codec, codecFor } from "./_codecs.ts";
import { checkOpen, UnsupportedOperation } from "./_io-base.ts";

/** What a text file needs of the buffered file beneath it. */
export interface BinaryFile {
  readonly closed: boolean;
  readable(): boolean;
  writable(): boolean;
  fileno(): number;
  read1(size?: number): Promise<Buffer>;
  write(data: ArrayBufferView): Promise<number>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface TextOptions {
  encoding?: string | null;
  errors?: string | null;
  newline?: string | null;
}

const NEWLINES = new Set([null, "", "\n", "\r", "\r\n"]);
const CHUNK = 8192;

export class TextIOWrapper {
  readonly #codec: Codec;
  readonly #newline: string | null;
  /** Decoded text not yet returned, newlines already translated. */
  #text = "";
  /** A `\r` that ended a chunk: it may be the first half of `\r\n`. */
  #heldCR = false;
  #eof = false;
  /** Set by makefile(), as Python's makefile sets `text.mode`. */
  mode = "r";
  readonly errors: string;
  readonly line_buffering = false;

  constructor(
    readonly buffer: BinaryFile,
    { encoding = null, errors = null, newline = null }: TextOptions = {},
  ) {
    if (!NEWLINES.has(newline)) throw new ValueError(`illegal newline value: ${newline}`);
    this.#codec = codecFor(encoding, errors);
    this.#newline = newline;
    this.errors = errors ?? "strict";
  }

  get encoding(): string {
    return this.#codec.name;
  }
  get closed(): boolean {
    return this.buffer.closed;
  }
  get name(): number {
    return this.fileno();
  }
  fileno(): number {
    return this.buffer.fileno();
  }
  readable(): boolean {
    return this.buffer.readable();
  }
  writable(): boolean {
    return this.buffer.writable();
  }
  seekable(): boolean {
    checkOpen(this.closed);
    return false;
  }

  /** `size` characters, fewer only at EOF; everything until EOF when size is -1. */
  async read(size: number | null = -1): Promise<string> {
    this.#checkReadable();
    const n = size ?? -1;
    while (!this.#eof && (n < 0 || this.#text.length < n)) await this.#pull();
    return this.#take(n < 0 ? this.#text.length : n);
  }

  /** One line with its ending (at most `size` characters); "" at EOF. */
  async readline(size: number | null = -1): Promise<string> {
    this.#checkReadable();
    const max = size ?? -1;
    for (;;) {
      const end = this.#lineEnd();
      if (end >= 0 && (max < 0 || end <= max)) return this.#take(end);
      if (max >= 0 && this.#text.length >= max) return this.#take(max);
      if (this.#eof) return this.#take(this.#text.length);
      await this.#pull();
    }
  }

  /** Lines until EOF, or until their total length reaches `hint`. */
  async readlines(hint = -1): Promise<string[]> {
    const lines: string[] = [];
    let total = 0;
    for (let line = await this.readline(); line !== ""; line = await this.readline()) {
      lines.push(line);
      total += line.length;
      if (hint > 0 && total >= hint) break;
    }
    return lines;
  }

  /** Encodes and buffers `text`; resolves with its length in characters. */
  async write(text: string): Promise<number> {
    checkOpen(this.closed);
    if (!this.buffer.writable()) throw new UnsupportedOperation("not writable");
    if (typeof text !== "string") {
      throw new TypeError(`write() argument must be str, not ${typeName(text)}`);
    }
    const out = this.#newline ? text.replaceAll("\n", this.#newline) : text;
    await this.buffer.write(this.#codec.encode(out));
    return text.length;
  }

  async flush(): Promise<void> {
    checkOpen(this.closed);
    await this.buffer.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.buffer.close();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    for (let line = await this.readline(); line !== ""; line = await this.readline()) yield line;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #checkReadable(): void {
    checkOpen(this.closed);
    if (!this.buffer.readable()) throw new UnsupportedOperation("not readable");
  }

  /** Index just past the first line ending in the decoded text, or -1. */
  #lineEnd(): number {
    const text = this.#text;
    switch (this.#newline) {
      case null:
      case "\n":
        return afterMatch(text.indexOf("\n"), 1);
      case "\r":
        return afterMatch(text.indexOf("\r"), 1);
      case "\r\n":
        return afterMatch(text.indexOf("\r\n"), 2);
      default: {
        // newline="": a line ends at \n, \r\n or a \r not followed by \n.
        const at = text.search(/\r\n|\r|\n/);
        if (at < 0) return -1;
        return text.startsWith("\r\n", at) ? at + 2 : at + 1;
      }
    }
  }

  async #pull(): Promise<void> {
    const chunk = await this.buffer.read1(CHUNK);
    if (chunk.length === 0) this.#eof = true;
    let decoded = (this.#heldCR ? "\r" : "") + this.#codec.decode(chunk, this.#eof);
    this.#heldCR = false;
    // A chunk's trailing \r may pair with the next chunk's \n: decide once that has arrived.
    const pairs = this.#newline === null || this.#newline === "" || this.#newline === "\r\n";
    if (pairs && !this.#eof && decoded.endsWith("\r")) {
      this.#heldCR = true;
      decoded = decoded.slice(0, -1);
    }
    this.#text += this.#newline === null ? decoded.replace(/\r\n?/g, "\n") : decoded;
  }

  #take(n: number): string {
    const out = this.#text.slice(0, n);
    this.#text = this.#text.slice(out.length);
    return out;
  }
}

function afterMatch(index: number, length: number): number {
  return index < 0 ? -1 : index + length;
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (value instanceof Uint8Array) return "bytes";
  return typeof value === "number" ? (Number.isInteger(value) ? "int" : "float") : typeof value;
}
