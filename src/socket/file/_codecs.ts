/**
 * The text encodings a socket file decodes and encodes: UTF-8, ASCII and Latin-1, with
 * Python's "strict", "replace" and "ignore" error handlers. Enough for line protocols; other
 * codecs raise LookupError as an unknown one does in Python.
 */
import { ValueError } from "../errors.ts";

/** Python's `LookupError`, raised for an unknown encoding or error handler. */
export class LookupError extends Error {
  override name = "LookupError";
}

/** Python's `UnicodeError` family: bytes that do not decode, text that does not encode. */
export class UnicodeDecodeError extends ValueError {
  override name = "UnicodeDecodeError";
}
export class UnicodeEncodeError extends ValueError {
  override name = "UnicodeEncodeError";
}

export interface Codec {
  readonly name: string;
  /** Decodes a chunk; with `final` false an incomplete trailing sequence waits for the next. */
  decode(bytes: Uint8Array, final: boolean): string;
  encode(text: string): Uint8Array;
}

const NAMES: Record<string, string> = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  "utf-8-sig": "utf-8",
  ascii: "ascii",
  "us-ascii": "ascii",
  "latin-1": "latin-1",
  latin1: "latin-1",
  "iso-8859-1": "latin-1",
  iso8859_1: "latin-1",
  l1: "latin-1",
};

const HANDLERS = new Set(["strict", "replace", "ignore"]);

export function codecFor(encoding: string | null, errors: string | null): Codec {
  const name = NAMES[(encoding ?? "utf-8").toLowerCase().replaceAll("_", "-")];
  if (!name) throw new LookupError(`unknown encoding: ${encoding}`);
  const handler = errors ?? "strict";
  if (!HANDLERS.has(handler)) throw new LookupError(`unknown error handler name '${handler}'`);
  return name === "utf-8"
    ? utf8(handler)
    : singleByte(name, name === "ascii" ? 0x7f : 0xff, handler);
}

function utf8(handler: string): Codec {
  const decoder = new TextDecoder("utf-8", { fatal: handler !== "replace", ignoreBOM: true });
  const encoder = new TextEncoder();
  return {
    name: "utf-8",
    decode(bytes, final) {
      try {
        return decoder.decode(bytes, { stream: !final });
      } catch {
        if (handler === "ignore") return ignoreInvalid(bytes);
        throw new UnicodeDecodeError("'utf-8' codec can't decode bytes: invalid utf-8");
      }
    },
    // Lone surrogates are the only text UTF-8 cannot encode; TextEncoder replaces them.
    encode: (text) => encoder.encode(text),
  };
}

/** Decodes what is valid and drops the rest, a byte at a time around each bad sequence. */
function ignoreInvalid(bytes: Uint8Array): string {
  const lenient = new TextDecoder("utf-8");
  return lenient.decode(bytes).replaceAll("\uFFFD", "");
}

function singleByte(name: string, max: number, handler: string): Codec {
  return {
    name,
    decode(bytes) {
      let out = "";
      for (const byte of bytes) {
        if (byte <= max) out += String.fromCharCode(byte);
        else if (handler === "replace") out += "\uFFFD";
        else if (handler === "strict") {
          throw new UnicodeDecodeError(
            `'${name}' codec can't decode byte 0x${byte.toString(16)}: ordinal not in range(${max + 1})`,
          );
        }
      }
      return out;
    },
    encode(text) {
      const out: number[] = [];
      for (const char of text) {
        const code = char.codePointAt(0) as number;
        if (code <= max) out.push(code);
        else if (handler === "replace") out.push(0x3f);
        else if (handler === "strict") {
          throw new UnicodeEncodeError(
            `'${name}' codec can't encode character '\\u${code.toString(16).padStart(4, "0")}': ordinal not in range(${max + 1})`,
          );
        }
      }
      return Uint8Array.from(out);
    },
  };
}
