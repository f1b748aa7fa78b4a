/**
 * setsockopt/getsockopt on the descriptor Bun holds, through libc (bun:ffi), for the options
 * Bun has no API for: SO_RCVBUF and SO_SNDBUF. Where libc cannot be loaded the option store's
 * emulation remains the answer.
 */
import { ptr } from "bun:ffi";
import { lastErrno, libc } from "./_libc.ts";
import { errnoOf } from "./errors.ts";

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

/** Sets an option from raw bytes (an int or a struct such as ip_mreq); the errno, 0 on success. */
export function setRawOption(fd: number, level: number, name: number, value: Uint8Array): number {
  const lib = libc();
  if (!lib) return errnoOf("ENOPROTOOPT");
  const copy = new Uint8Array(Math.max(value.length, 1));
  copy.set(value);
  return lib.setsockopt(fd, level, name, ptr(copy), value.length) === 0 ? 0 : lastErrno(lib);
}

/** Reads up to `buflen` bytes of an option: the bytes, or the errno. */
export function getRawOption(fd: number, level: number, name: number, buflen: number) {
  const lib = libc();
  if (!lib) return errnoOf("ENOPROTOOPT");
  const cell = new Uint8Array(Math.max(buflen, 1));
  const length = new Uint32Array([buflen]);
  if (lib.getsockopt(fd, level, name, ptr(cell), ptr(length)) !== 0) return lastErrno(lib);
  return Buffer.from(cell.subarray(0, length[0]));
}
