/**
 * The few libc calls Bun has no API for, through bun:ffi: socket options, poll(2) for select()
 * on descriptors that are not sockit sockets, descriptor flags and names (socket(fileno=fd)),
 * sendmsg(2) for SCM_RIGHTS, sendfile(2) with lseek(2), splice(2) with pipe2(2), recv(2) with
 * ioctl(2)'s SIOCINQ for direct reads, socket(2) and connect(2) for port probes, fcntl(2) and
 * poll(2) for the listener's descriptor checks. Linux only, since our constants carry Linux's numbers;
 * where libc cannot be loaded, callers fall back or refuse.
 */
import { dlopen, FFIType, toArrayBuffer } from "bun:ffi";

const { i32, i64, i64_fast, u32, u64, ptr } = FFIType;

const SIGNATURES = {
  setsockopt: { args: [i32, i32, i32, ptr, u32], returns: i32 },
  getsockopt: { args: [i32, i32, i32, ptr, ptr], returns: i32 },
  poll: { args: [ptr, u64, i32], returns: i32 },
  fcntl: { args: [i32, i32, i32], returns: i32 },
  dup: { args: [i32], returns: i32 },
  socketpair: { args: [i32, i32, i32, ptr], returns: i32 },
  socket: { args: [i32, i32, i32], returns: i32 },
  connect: { args: [i32, ptr, u32], returns: i32 },
  close: { args: [i32], returns: i32 },
  getsockname: { args: [i32, ptr, ptr], returns: i32 },
  getpeername: { args: [i32, ptr, ptr], returns: i32 },
  sendmsg: { args: [i32, ptr, i32], returns: i64_fast },
  sendfile: { args: [i32, i32, ptr, u64], returns: i64_fast },
  lseek: { args: [i32, i64, i32], returns: i64 },
  splice: { args: [i32, ptr, i32, ptr, u64, u32], returns: i64_fast },
  pipe2: { args: [ptr, i32], returns: i32 },
  recv: { args: [i32, ptr, u64, i32], returns: i64_fast },
  ioctl: { args: [i32, u64, ptr], returns: i32 },
  __errno_location: { args: [], returns: ptr },
} as const;

export type Libc = ReturnType<typeof dlopen<typeof SIGNATURES>>["symbols"];
let loaded: Libc | null | undefined;

/** glibc first, then musl's names; loaded on first use (dlopen compiles small stubs). */
export function libc(): Libc | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.platform !== "linux") return loaded;
  for (const name of [
    "libc.so.6",
    `libc.musl-${process.arch === "arm64" ? "aarch64" : "x86_64"}.so.1`,
  ]) {
    try {
      loaded = dlopen(name, SIGNATURES).symbols;
      break;
    } catch {
      // Not this libc; try the next name.
    }
  }
  return loaded;
}

/** The calling thread's errno, read right after a failed call. */
export function lastErrno(lib: Libc): number {
  const where = lib.__errno_location();
  if (!where) return 0;
  return new Int32Array(toArrayBuffer(where, 0, 4))[0] ?? 0;
}
