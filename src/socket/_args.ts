/** Argument checks shared by the Socket methods, with the errors CPython raises. */
import { toCInt, toSsize } from "./_c-args.ts";
import { pyTypeName } from "./address.ts";
import { OSError, OverflowError, ValueError } from "./errors.ts";

/** Python's bytes-like objects: any ArrayBufferView or ArrayBuffer, viewed without copying. */
export function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer || data instanceof SharedArrayBuffer) return new Uint8Array(data);
  throw new TypeError(`a bytes-like object is required, not '${pyTypeName(data)}'`);
}

/** sendto's arguments, in CPython's order: the count, the data, then `(flags, address)`. */
export function toSendtoArgs(data: unknown, rest: unknown[]) {
  if (rest.length < 1 || rest.length > 2) {
    throw new TypeError(`sendto() takes 2 or 3 arguments (${rest.length + 1} given)`);
  }
  const bytes = toBytes(data);
  return { bytes, flags: rest.length === 2 ? toCInt(rest[0]) : 0, address: rest.at(-1) };
}

/**
 * setsockopt's value: CPython tries an int that fits a C int, then a bytes-like object (passed
 * on as it is, for structs), so anything else (2**31 too) fails with the bytes-like message.
 */
export function toOptionValue(value: unknown): number | Uint8Array {
  if (typeof value === "boolean") return value ? 1 : 0;
  const integer = typeof value === "bigint" || Number.isInteger(value) ? Number(value) : Number.NaN;
  if (integer >= -(2 ** 31) && integer <= 2 ** 31 - 1) return integer;
  return toBytes(value);
}

/** getsockopt's buflen: 0 asks for the int; otherwise 1 to 1024 bytes, as CPython allows. */
export function toBuflen(value: unknown): number {
  const buflen = toCInt(value);
  if (buflen < 0 || buflen > 1024) throw new OSError("getsockopt buflen out of range");
  return buflen;
}

/** A size argument for recv and friends: a Py_ssize_t, not negative. */
export function toBufsize(value: unknown, method: string): number {
  const size = toSsize(value);
  if (size < 0) throw new ValueError(`negative buffersize in ${method}`);
  return size;
}

/**
 * recv_into / recvfrom_into: the writable view and how much to read into it (0 means the whole
 * buffer); asking for more than the buffer holds is a ValueError with the method's own words.
 */
export function toIntoArgs(buffer: unknown, nbytes: unknown, method: string, tooBig: string) {
  const target = toBytes(buffer);
  const size = toBufsize(nbytes, method);
  if (size > target.length) throw new ValueError(tooBig);
  return { target, size: size || target.length };
}

/** CPython keeps timeouts as int64 nanoseconds (_PyTime_t): seconds must fit that. */
const MAX_TIMEOUT_NS = 2 ** 63;

/**
 * Validates a timeout as socket.settimeout does: null, or seconds ≥ 0. CPython converts first
 * (NaN, then overflow in either direction) and only then rejects negatives, so -1e300 is an
 * OverflowError and -1 a ValueError. A bool is an int, as in Python.
 */
export function toTimeout(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value !== "number") {
    throw new TypeError(`'${pyTypeName(value)}' object cannot be interpreted as an integer`);
  }
  if (toSeconds(value) < 0) throw new ValueError("Timeout value out of range");
  return value;
}

/**
 * Seconds as CPython's _PyTime_FromSecondsObject takes them, for settimeout and select: NaN is
 * a ValueError, and beyond ±2^63 ns an OverflowError. A safe integer stands for a Python int,
 * whose overflow message differs from a float's (1e300 is a float to Python).
 */
export function toSeconds(value: number): number {
  if (Number.isNaN(value)) throw new ValueError("Invalid value NaN (not a number)");
  if (!(Math.abs(value) * 1e9 < MAX_TIMEOUT_NS)) {
    throw new OverflowError(
      Number.isSafeInteger(value)
        ? "timestamp too large to convert to C _PyTime_t"
        : "timestamp out of range for platform time_t",
    );
  }
  return value;
}
