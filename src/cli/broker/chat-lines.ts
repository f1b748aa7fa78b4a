/**
 * --chat's line discipline: bytes become whole lines, each prefixed with its sender
 * (`<user3> hello`). Control characters other than tab are shown as `\xNN`, so nobody can move
 * another user's cursor or ring their bell; a CR before the LF ends the line like the LF alone.
 * A line longer than MAX_LINE is cut there and the rest dropped up to the next LF: a client that
 * never sends a newline cannot make the hub buffer without end.
 */

/** The longest line passed on; anything past it, up to the next LF, is dropped. */
export const MAX_LINE = 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const encoder = new TextEncoder();

/** `<announce> user2 has connected`, as a line. */
export function announce(text: string): Uint8Array {
  return encoder.encode(`<announce> ${text}\n`);
}

/** Splits one sender's byte stream into prefixed, escaped lines. */
export class ChatLines {
  readonly #prefix: Uint8Array;
  #line: number[] = [];
  /** Past MAX_LINE: dropping bytes until the next LF. */
  #cut = false;

  constructor(name: string) {
    this.#prefix = encoder.encode(`<${name}> `);
  }

  /** The lines `data` completes, each ready to send (prefix, escaped text, LF). */
  feed(data: Uint8Array): Uint8Array[] {
    const lines: Uint8Array[] = [];
    for (const byte of data) {
      if (byte === LF) {
        if (!this.#cut) lines.push(this.#finish());
        this.#cut = false;
        this.#line = [];
        continue;
      }
      if (this.#cut) continue;
      this.#line.push(byte);
      if (this.#line.length >= MAX_LINE) {
        lines.push(this.#finish());
        this.#line = [];
        this.#cut = true;
      }
    }
    return lines;
  }

  /** At EOF: the last line if it had no LF, else null. */
  end(): Uint8Array | null {
    if (this.#cut || this.#line.length === 0) return null;
    const line = this.#finish();
    this.#line = [];
    return line;
  }

  #finish(): Uint8Array {
    const text = this.#line;
    if (text[text.length - 1] === CR) text.pop();
    return concat(this.#prefix, escapeControls(text));
  }
}

/** Control bytes (below 0x20 but tab, and DEL) as `\xNN`; everything else as it came. */
export function escapeControls(bytes: readonly number[]): number[] {
  const out: number[] = [];
  for (const byte of bytes) {
    if ((byte < 0x20 && byte !== TAB) || byte === 0x7f) {
      out.push(0x5c, 0x78, ...encoder.encode(byte.toString(16).padStart(2, "0")));
    } else {
      out.push(byte);
    }
  }
  return out;
}

function concat(prefix: Uint8Array, text: number[]): Uint8Array {
  const out = new Uint8Array(prefix.length + text.length + 1);
  out.set(prefix);
  out.set(text, prefix.length);
  out[out.length - 1] = LF;
  return out;
}
