/**
 * Descriptor-table checks for the stream listener, through libc (bun:ffi): Bun accepts every
 * connection itself and, when the table is full (EMFILE), retries accept() in a busy loop
 * without telling JavaScript. The listener uses these to see the table fill and to step back.
 * Linux only; elsewhere `available()` is false and the listener keeps Bun's behaviour.
 */
import { ptr } from "bun:ffi";
import { libc } from "../_libc.ts";

const F_DUPFD_CLOEXEC = 1030;
const POLLIN = 1;

/** True when the checks below can run here. */
export function available(): boolean {
  return libc() !== null;
}

/** A second descriptor for the same socket, or -1 (EMFILE when the table is full). */
export function duplicate(fd: number): number {
  const lib = libc();
  return lib && fd >= 0 ? lib.fcntl(fd, F_DUPFD_CLOEXEC, 0) : -1;
}

export function closeDescriptor(fd: number): void {
  if (fd >= 0) libc()?.close(fd);
}

/** True when a connection waits in the kernel's accept queue of listening socket `fd`. */
export function hasPending(fd: number): boolean {
  const lib = libc();
  if (!lib || fd < 0) return false;
  // struct pollfd { int fd; short events; short revents; }
  const cell = new Int32Array([fd, POLLIN]);
  if (lib.poll(ptr(cell), 1, 0) !== 1) return false;
  return (cell[1] ?? 0) >>> 16 !== 0;
}
