/**
 * probePorts' Linux path: non-blocking connects straight through libc (bun:ffi), poll() for
 * the ones still in flight, and refused descriptors reused for the next port. Through
 * Bun.connect each attempt costs ~50 µs of event-loop work; here most loopback ports settle
 * inside the connect() call itself.
 */
import { ptr, read } from "bun:ffi";
import type { Libc } from "./_libc.ts";
import { AF_INET, AF_INET6, SOCK_STREAM } from "./constants.ts";
import { errnoOf } from "./errors.ts";
import { parseInetAton, parseIPv6 } from "./names/_ip-text.ts";
import type { ProbeOptions } from "./port-probe.ts";

const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const POLLOUT = 0x4;
const ETIMEDOUT = errnoOf("ETIMEDOUT");
const EINPROGRESS = errnoOf("EINPROGRESS");
const EALREADY = errnoOf("EALREADY");
const EISCONN = errnoOf("EISCONN");
const ECONNABORTED = errnoOf("ECONNABORTED");
const ECONNREFUSED = errnoOf("ECONNREFUSED");
const EADDRNOTAVAIL = errnoOf("EADDRNOTAVAIL");
const EMFILE = errnoOf("EMFILE");
const ENFILE = errnoOf("ENFILE");
/** An outcome of our own: connected to itself, so closed, and the descriptor is not reusable. */
const SELF_CONNECTED = -1;
/** How long one poll() may hold the thread before signals and timers get their turn. */
const POLL_SLICE_MS = 10;

/** A Linux sockaddr_in / sockaddr_in6 for `host`, port 0 (set per attempt at byte 2). */
export function sockaddrOf(host: string, family: number): Uint8Array | undefined {
  if (family === AF_INET) {
    const ip = parseInetAton(host, true);
    if (!ip) return undefined;
    const sa = new Uint8Array(16);
    new DataView(sa.buffer).setUint16(0, AF_INET, true);
    sa.set(ip, 4);
    return sa;
  }
  const ip = family === AF_INET6 ? parseIPv6(host) : undefined;
  if (!ip) return undefined;
  const sa = new Uint8Array(28);
  new DataView(sa.buffer).setUint16(0, AF_INET6, true);
  sa.set(ip, 8);
  return sa;
}

/**
 * Did a loopback connect pick the target port as its own source port? The kernel then joins the
 * socket to itself (TCP simultaneous open) and it looks like an open port, though the kernel never
 * hands out a port something is bound to, so nothing listens there. nc reports these as open,
 * a few per full-range scan.
 */
function connectedToItself(lib: Libc, fd: number, target: Uint8Array): boolean {
  const local = new Uint8Array(target.length);
  const length = new Uint32Array([local.length]);
  if (lib.getsockname(fd, ptr(local), ptr(length)) !== 0) return false;
  // Same family and port (bytes 0-3), and the same address: sockaddr_in's is at 4-7,
  // sockaddr_in6's at 8-23 (after its flow label).
  const [from, to] = target.length === 16 ? [4, 8] : [8, 24];
  const same = (start: number, end: number) =>
    local.subarray(start, end).every((byte, i) => byte === target[start + i]);
  return same(0, 4) && same(from, to);
}

interface Pending {
  fd: number;
  index: number;
  deadline: number;
  /** The descriptor had already failed a connect and was reused for this one. */
  reused: boolean;
}

/**
 * What a probe does with the descriptors it made: reuse refused ones while the kernel allows
 * it (`reuse` off after the first sign it does not), and ports to try again, each on a fresh one.
 */
interface Pool {
  spares: number[];
  retry: number[];
  reuse: boolean;
}

/** Every port of `ports` on `sockaddr`'s address, `options.concurrency` attempts at a time. */
export async function probeNative(
  lib: Libc,
  family: number,
  sockaddr: Uint8Array,
  ports: readonly number[],
  options: ProbeOptions,
  record: (index: number, errno: number) => void,
): Promise<void> {
  const view = new DataView(sockaddr.buffer);
  const errnoCell = lib.__errno_location();
  const errno = () => (errnoCell ? read.i32(errnoCell, 0) : 0);
  const address = ptr(sockaddr);
  /** connect() once more on a descriptor already connecting: 0 once connected, else its errno. */
  const ask = (fd: number) => {
    const code = lib.connect(fd, address, sockaddr.length) === 0 ? 0 : errno();
    return code === EISCONN ? 0 : code;
  };
  const connected = (fd: number, outcome: number) =>
    outcome === 0 && connectedToItself(lib, fd, sockaddr) ? SELF_CONNECTED : outcome;
  const limit = Math.max(1, options.concurrency ?? 256);
  const timeoutMs = options.timeout == null ? Number.POSITIVE_INFINITY : options.timeout * 1000;
  const pending: Pending[] = [];
  let next = 0;
  let sinceYield = 0;
  // A refused descriptor tries the next port: no socket()/close() per port, which were a third
  // of a loopback scan's time in a profile. Asking a refused socket's outcome with a second
  // connect() (rather than SO_ERROR) puts it back to unconnected, so Linux lets it connect
  // again. Kernels that refuse that (gVisor says ECONNABORTED) turn the reuse off.
  const pool: Pool = { spares: [], retry: [], reuse: true };
  const finish = (p: Pending, outcome: number) => {
    if (p.reused && (outcome === ECONNABORTED || outcome === EADDRNOTAVAIL)) {
      // ECONNABORTED: this kernel will not reconnect a refused socket. EADDRNOTAVAIL: a reused
      // socket keeps its source port, and this port is that one. Either way, a fresh socket.
      if (outcome === ECONNABORTED) pool.reuse = false;
      pool.retry.push(p.index);
      lib.close(p.fd);
      return;
    }
    if (pool.reuse && outcome > 0 && outcome !== ETIMEDOUT) pool.spares.push(p.fd);
    else lib.close(p.fd);
    record(p.index, outcome === SELF_CONNECTED ? ECONNREFUSED : outcome);
  };
  while (next < ports.length || pending.length > 0 || pool.retry.length > 0) {
    while ((next < ports.length || pool.retry.length > 0) && pending.length < limit) {
      const retried = pool.retry.pop();
      const index = retried ?? next++;
      const spare = retried === undefined ? pool.spares.pop() : undefined;
      const fd = spare ?? lib.socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) {
        const code = errno();
        // Out of descriptors: wait for the attempts in flight to free some.
        if ((code === EMFILE || code === ENFILE) && pending.length > 0) {
          pool.retry.push(index);
          break;
        }
        record(index, code);
        continue;
      }
      view.setUint16(2, ports[index] as number, false);
      const attempt = {
        fd,
        index,
        deadline: performance.now() + timeoutMs,
        reused: spare !== undefined,
      };
      let outcome = lib.connect(fd, address, sockaddr.length) === 0 ? 0 : errno();
      // Over loopback the answer has usually arrived by the time connect() returns, so asking
      // at once settles most ports without a poll().
      if (outcome === EINPROGRESS) outcome = ask(fd);
      if (outcome === EALREADY) pending.push(attempt);
      else finish(attempt, connected(fd, outcome));
      // Let signals and timers run now and then during a long synchronous stretch.
      if (++sinceYield >= 4096) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (pending.length > 0) await settle(lib, pending, (fd) => connected(fd, ask(fd)), finish);
  }
  for (const fd of pool.spares) lib.close(fd);
}

/** Waits (a slice at a time) for pending attempts and hands each finished one to `finish`. */
async function settle(
  lib: Libc,
  pending: Pending[],
  ask: (fd: number) => number,
  finish: (p: Pending, outcome: number) => void,
) {
  const fds = new Int32Array(pending.length * 2);
  pending.forEach((p, i) => {
    fds[i * 2] = p.fd;
    fds[i * 2 + 1] = POLLOUT;
  });
  const soonest = Math.min(...pending.map((p) => p.deadline)) - performance.now();
  const wait = Math.max(0, Math.min(POLL_SLICE_MS, Math.ceil(soonest)));
  lib.poll(ptr(fds), pending.length, wait);
  const now = performance.now();
  for (let i = pending.length - 1; i >= 0; i--) {
    const p = pending[i] as Pending;
    const revents = (fds[i * 2 + 1] as number) >>> 16;
    if (revents === 0 && now < p.deadline) continue;
    pending.splice(i, 1);
    finish(p, revents === 0 ? ETIMEDOUT : ask(p.fd));
  }
  await new Promise((resolve) => setImmediate(resolve));
}
