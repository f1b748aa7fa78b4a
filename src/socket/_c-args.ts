/**
 * CPython's argument conversions for the module functions (PyArg_ParseTuple's "s", "i", "I" and
 * getaddrinfo's host and port), with the exact errors they raise. Socket methods have _args.ts.
 */
import { pyTypeName, toInteger } from "./address.ts";
import { OSError, OverflowError, ValueError } from "./errors.ts";

/** "s": a str and nothing else, without NUL characters (C strings end at the first one). */
export function requireText(func: string, position: number, value: unknown): string {
  if (typeof value !== "string") {
    throw new TypeError(`${func}() argument ${position} must be str, not ${pyTypeName(value)}`);
  }
  if (value.includes("\0")) throw new ValueError("embedded null character");
  return value;
}

/** "i": an index that fits a C int. */
export function toCInt(value: unknown): number {
  const integer = toInteger(value);
  if (integer > 2 ** 31 - 1) throw new OverflowError("signed integer is greater than maximum");
  if (integer < -(2 ** 31)) throw new OverflowError("signed integer is less than minimum");
  return integer;
}

/**
 * An int that fits a signed C type of `bits` (PyLong_AsLong, PyLong_AsSsize_t, _PyLong_AsInt),
 * else Python's `Python int too large to convert to C long`. A bigint is checked exactly.
 */
function fitting(value: unknown, bits: number, cType: string): number {
  const integer = toInteger(value);
  // Every C type here holds 32 bits: the common small number needs no BigInt (recv's size).
  if (typeof value === "number" && integer < 2 ** 31 && integer >= -(2 ** 31)) return integer;
  const exact = typeof value === "bigint" ? value : BigInt(integer);
  const limit = 1n << BigInt(bits - 1);
  if (exact >= limit || exact < -limit) {
    throw new OverflowError(`Python int too large to convert to C ${cType}`);
  }
  return integer;
}

/** A C int read with _PyLong_AsInt: socket()'s family, type and proto, shutdown()'s how. */
export const toCIntArg = (value: unknown): number => fitting(value, 32, "int");

/** "n": a Py_ssize_t, for recv's bufsize and recv_into's nbytes. */
export const toSsize = (value: unknown): number => fitting(value, 64, "ssize_t");

/** A C long (PyLong_AsLong): setblocking's flag. */
export const toCLong = (value: unknown): number => fitting(value, 64, "long");

/** "I": an index masked to a C unsigned int with no overflow check, so -1 is 0xffffffff. */
export function toCUnsigned(value: unknown): number {
  const integer = typeof value === "bigint" ? value : BigInt(toInteger(value));
  return Number(BigInt.asUintN(32, integer));
}

const C_LONG_MAX = 2n ** 63n - 1n;
const decoder = new TextDecoder();

/** getaddrinfo()'s host: a str, bytes, or null for "none". */
export function addrinfoHost(host: unknown): string | null {
  if (host === null || host === undefined) return null;
  if (typeof host === "string") return host;
  if (host instanceof Uint8Array) return decoder.decode(host);
  throw new TypeError("getaddrinfo() argument 1 must be string or None");
}

/** getaddrinfo()'s port: CPython passes an int on as its decimal text and a str as it is. */
export function addrinfoService(port: unknown): string | null {
  if (port === null || port === undefined) return null;
  if (typeof port === "string") return port;
  if (port instanceof Uint8Array) return decoder.decode(port);
  if (typeof port === "bigint" || (typeof port === "number" && Number.isInteger(port))) {
    const integer = BigInt(port);
    if (integer > C_LONG_MAX || integer < -C_LONG_MAX - 1n) {
      throw new OverflowError("Python int too large to convert to C long");
    }
    return integer.toString();
  }
  throw new OSError("Int or String expected");
}
