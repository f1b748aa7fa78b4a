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

/** A size argument for recv and friends: an integer, not negative. */
export function toBufsize(value: unknown, method: string): number {
  const size = toInteger(value);
  if (size < 0) throw new ValueError(`negative buffersize in ${method}`);
  return size;
}

/** Validates a timeout as socket.settimeout does: null, or seconds ≥ 0. */
export function toTimeout(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "number") {
    throw new TypeError(`'${pyTypeName(value)}' object cannot be interpreted as an integer`);
  }
  if (Number.isNaN(value)) throw new ValueError("Invalid value NaN (not a number)");
  if (value < 0) throw new ValueError("Timeout value out of range");
  if (value > 9.2e9) throw new OverflowError("timestamp out of range for platform time_t");
  return value;
}
