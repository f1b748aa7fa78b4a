/**
 * setsockopt/getsockopt on the descriptor Bun holds, through libc (bun:ffi), for the options
 * Bun has no API for: SO_RCVBUF and SO_SNDBUF. Linux only, since our constants carry Linux's
 * numbers; where libc cannot be loaded the option store's emulation remains the answer.
 */
import { dlopen, FFIType, ptr } from "bun:ffi";

const SIGNATURES = {
  setsockopt: {
    args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.u32],
    returns: FFIType.i32,
  },
  getsockopt: {
    args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.ptr],
    returns: FFIType.i32,
  },
} as const;

type Libc = ReturnType<typeof dlopen<typeof SIGNATURES>>;
let libc: Libc | null | undefined;

/** glibc first, then musl's names; loaded on first use (dlopen compiles small stubs). */
function load(): Libc | null {
  if (libc !== undefined) return libc;
  libc = null;
  if (process.platform !== "linux") return libc;
  for (const name of [
    "libc.so.6",
    `libc.musl-${process.arch === "arm64" ? "aarch64" : "x86_64"}.so.1`,
  ]) {
    try {
      libc = dlopen(name, SIGNATURES);
      break;
    } catch {
      // Not this libc; try the next name.
    }
  }
  return libc;
}

/** Sets an int option on `fd`; false when it could not be done natively. */
export function setIntOption(fd: number, level: number, name: number, value: number): boolean {
  const lib = fd >= 0 ? load() : null;
  if (!lib) return false;
  const cell = new Int32Array([value]);
  return lib.symbols.setsockopt(fd, level, name, ptr(cell), 4) === 0;
}

/** Reads an int option from `fd`; null when it could not be done natively. */
export function getIntOption(fd: number, level: number, name: number): number | null {
  const lib = fd >= 0 ? load() : null;
  if (!lib) return null;
  const cell = new Int32Array(1);
  const length = new Uint32Array([4]);
  return lib.symbols.getsockopt(fd, level, name, ptr(cell), ptr(length)) === 0
    ? (cell[0] ?? null)
    : null;
}
