/** Argument checks shared by the Socket methods, with the errors CPython raises. */
import { pyTypeName, toInteger } from "./address.ts";
import { OverflowError, ValueError } from "./errors.ts";

/** Python's bytes-like objects: any ArrayBufferView or ArrayBuffer, viewed without copying. */
export function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer || data instanceof SharedArrayBuffer) return new Uint8Array(data);
  throw new TypeError(`a bytes-like object is required, not '${pyTypeName(data)}'`);
}

/** sendto's tail: `(address)` or `(flags, address)`. */
export function toSendtoArgs(rest: unknown[]): { flags: number; address: unknown } {
  if (rest.length < 1 || rest.length > 2) {
    throw new TypeError(`sendto() takes 2 or 3 arguments (${rest.length + 1} given)`);
  }
  return { flags: rest.length === 2 ? toInteger(rest[0]) : 0, address: rest[rest.length - 1] };
}

/** A size argument for recv and friends: an integer, not negative. */
export function toBufsize(value: unknown, method: string): number {
  const size = toInteger(value);
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
