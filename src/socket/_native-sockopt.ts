/**
 * setsockopt/getsockopt on the descriptor Bun holds, through libc (bun:ffi), for the options
 * Bun has no API for: SO_RCVBUF and SO_SNDBUF. Where libc cannot be loaded the option store's
 * emulation remains the answer.
 */
import { ptr } from "bun:ffi";
import { libc } from "./_libc.ts";

/** Sets an int option on `fd`; false when it could not be done natively. */
export function setIntOption(fd: number, level: number, name: number, value: number): boolean {
  const lib = fd >= 0 ? libc() : null;
  if (!lib) return false;
  const cell = new Int32Array([value]);
  return lib.setsockopt(fd, level, name, ptr(cell), 4) === 0;
}

/** Reads an int option from `fd`; null when it could not be done natively. */
export function getIntOption(fd: number, level: number, name: number): number | null {
  const lib = fd >= 0 ? libc() : null;
  if (!lib) return null;
  const cell = new Int32Array(1);
  const length = new Uint32Array([4]);
  return lib.getsockopt(fd, level, name, ptr(cell), ptr(length)) === 0 ? (cell[0] ?? null) : null;
}
