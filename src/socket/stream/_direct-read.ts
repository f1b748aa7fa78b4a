/**
 * recv(2) on a stream's descriptor, straight into the caller's memory. Bun reads each chunk
 * into its own 512 KiB buffer and copies it into a fresh JS Buffer; reading here instead costs
 * the kernel's copy alone. Profiled on a 2-core Xeon receiving 1 GiB from raw Bun, that second
 * copy (libc memmove) was 30% of the receiver's samples.
 */
import { ptr } from "bun:ffi";
import { lastErrno, libc } from "../_libc.ts";
import { MSG_DONTWAIT } from "../constants.ts";
import { errnoOf, fromErrno } from "../errors.ts";

const EAGAIN = errnoOf("EAGAIN");
const EINTR = errnoOf("EINTR");

/**
 * The most one direct read allocates for, however large the recv's bufsize (Python's recv may
 * return less than it asked for). 256 KiB is what the benchmark's recv(262144) asks, so one
 * recv is one recv(2), as in CPython. Receiving 1 GiB on an AMD EPYC, alternating rounds: from
 * CPython's sendfile (a sender faster than any receiver here) 64 KiB ran at 2218-2936 MiB/s,
 * 128 KiB 2563-3417, 256 KiB 2860-3746 (raw Bun's receiver 2742-3383); from raw Bun's sender
 * 64, 128 and 256 KiB were within each other's noise (2650-3154). An earlier 64 KiB choice was
 * measured only against raw Bun's sender, which hid the receiver's own cost. recv_into reads
 * into the caller's buffer and has no cap.
 */
export const DIRECT_MAX = 256 * 1024;

/** No bytes now: the kernel's buffer is empty (or a signal interrupted the call). */
export const WOULD_BLOCK = -1;
/** Without libc (a platform bun:ffi cannot load it on) the caller keeps Bun's reads. */
export const UNAVAILABLE = -2;

/** SIOCINQ (FIONREAD on a socket): how many bytes the receive queue holds; Linux's number. */
const SIOCINQ = 0x541b;
const queued = new Int32Array(1);

/**
 * How many bytes a read of `fd` would get now: 0 when the kernel holds none (or only the end,
 * or an error, which Bun's callbacks then report), UNAVAILABLE without libc. Asking first lets
 * a direct read allocate exactly what it will fill: no copy of a short read, no memory pinned
 * past its end, no allocation for a read that finds nothing.
 */
export function queuedNow(fd: number): number {
  const lib = libc();
  if (!lib) return UNAVAILABLE;
  return lib.ioctl(fd, SIOCINQ, ptr(queued)) === 0 ? (queued[0] ?? 0) : 0;
}

/**
 * Reads up to `n` bytes into `target` at `offset` without waiting: the count, 0 at EOF,
 * WOULD_BLOCK or UNAVAILABLE; throws the OSError of a failed read (a reset).
 */
export function recvNow(fd: number, target: Uint8Array, offset: number, n: number): number {
  const lib = libc();
  if (!lib) return UNAVAILABLE;
  // MSG_DONTWAIT: whatever Bun did to the descriptor, this call must never stall the event loop.
  const got = Number(lib.recv(fd, ptr(target, offset), n, MSG_DONTWAIT));
  if (got >= 0) return got;
  const errno = lastErrno(lib);
  if (errno === EAGAIN || errno === EINTR) return WOULD_BLOCK;
  throw fromErrno(errno);
}
