/**
 * Descriptor-table checks for the stream listener, through libc (bun:ffi): Bun accepts every
 * connection itself and, when the table is full (EMFILE), retries accept() in a busy loop
 * without telling JavaScript. The listener uses these to see the table fill and to step back.
 * Linux only; elsewhere `available()` is false and the listener keeps Bun's behaviour.
 */
import { dlopen, FFIType, ptr } from "bun:ffi";

const F_DUPFD_CLOEXEC = 1030;
const POLLIN = 1;

const SIGNATURES = {
  fcntl: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  close: { args: [FFIType.i32], returns: FFIType.i32 },
  poll: { args: [FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i32 },
} as const;

type Libc = ReturnType<typeof dlopen<typeof SIGNATURES>>;
let libc: Libc | null | undefined;

/** glibc, then musl; loaded on first use so a process that never listens never pays for it. */
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

/** True when the checks below can run here. */
export function available(): boolean {
  return load() !== null;
}

/** A second descriptor for the same socket, or -1 (EMFILE when the table is full). */
export function duplicate(fd: number): number {
  const lib = load();
  return lib && fd >= 0 ? lib.symbols.fcntl(fd, F_DUPFD_CLOEXEC, 0) : -1;
}

export function closeDescriptor(fd: number): void {
  if (fd >= 0) load()?.symbols.close(fd);
}

/** True when a connection waits in the kernel's accept queue of listening socket `fd`. */
export function hasPending(fd: number): boolean {
  const lib = load();
  if (!lib || fd < 0) return false;
  // struct pollfd { int fd; short events; short revents; }
  const cell = new Int32Array([fd, POLLIN]);
  if (lib.symbols.poll(ptr(cell), 1, 0) !== 1) return false;
  return (cell[1] ?? 0) >>> 16 !== 0;
}
