/**
 * Is anything listening? probePorts answers for many TCP ports of one address at once, the
 * way a port scanner does: a non-blocking connect per port and a close, with up to
 * `concurrency` attempts in flight. Through Bun.connect each attempt costs ~50 µs of event-loop
 * work, which made a full 65535-port loopback scan take several times as long as nc's; here
 * the calls go straight to libc (bun:ffi) on Linux, and through connect_ex elsewhere.
 */
import { dlopen, FFIType, ptr, read } from "bun:ffi";
import { AF_INET, AF_INET6, SOCK_STREAM } from "./constants.ts";
import { errnoOf } from "./errors.ts";
import { parseInetAton, parseIPv6 } from "./names/_ip-text.ts";
import { Socket } from "./socket.ts";

export interface ProbeOptions {
  /** Seconds an unanswered attempt may take; it then counts as ETIMEDOUT. Default: no limit. */
  timeout?: number | null;
  /** Attempts in flight at once (default 256). */
  concurrency?: number;
  /** Told of each port's outcome as it is known (0: open, else the errno), in any order. */
  onResult?: (index: number, errno: number) => void;
}

/**
 * The outcome for each of `ports` on `host` (an IP literal of `family`): 0 when a connection
 * was accepted, otherwise its errno (111 refused, 110 timed out, 113 no route, ...).
 *
 * @example
 * const errnos = await probePorts("127.0.0.1", AF_INET, [22, 80, 443]);
 */
export async function probePorts(
  host: string,
  family: number,
  ports: readonly number[],
  options: ProbeOptions = {},
): Promise<Int32Array> {
  const results = new Int32Array(ports.length).fill(-1);
  const record = (index: number, errno: number) => {
    results[index] = errno;
    options.onResult?.(index, errno);
  };
  const native = load();
  const sockaddr = native ? sockaddrOf(host, family) : undefined;
  if (native && sockaddr) await probeNative(native, family, sockaddr, ports, options, record);
  else await probeWithSockets(host, family, ports, options, record);
  return results;
}

const SIGNATURES = {
  socket: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  connect: { args: [FFIType.i32, FFIType.ptr, FFIType.u32], returns: FFIType.i32 },
  close: { args: [FFIType.i32], returns: FFIType.i32 },
  poll: { args: [FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i32 },
  getsockopt: {
    args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.ptr],
    returns: FFIType.i32,
  },
  __errno_location: { args: [], returns: FFIType.ptr },
} as const;

type Libc = ReturnType<typeof dlopen<typeof SIGNATURES>>["symbols"];
let libc: Libc | null | undefined;

/** glibc, then musl; Linux only, since the flags and errno numbers below are Linux's. */
function load(): Libc | null {
  if (libc !== undefined) return libc;
  libc = null;
  if (process.platform !== "linux") return libc;
  const musl = `libc.musl-${process.arch === "arm64" ? "aarch64" : "x86_64"}.so.1`;
  for (const name of ["libc.so.6", musl]) {
    try {
      libc = dlopen(name, SIGNATURES).symbols;
      break;
    } catch {
      // Not this libc; try the next name.
    }
  }
  return libc;
}

const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const POLLOUT = 0x4;
const SOL_SOCKET = 1;
const SO_ERROR = 4;
const ETIMEDOUT = errnoOf("ETIMEDOUT");
const EINPROGRESS = errnoOf("EINPROGRESS");
const ECONNABORTED = errnoOf("ECONNABORTED");
const EMFILE = errnoOf("EMFILE");
const ENFILE = errnoOf("ENFILE");
/** How long one poll() may hold the thread before signals and timers get their turn. */
const POLL_SLICE_MS = 10;

/** A Linux sockaddr_in / sockaddr_in6 for `host`, port 0 (set per attempt at byte 2). */
function sockaddrOf(host: string, family: number): Uint8Array | undefined {
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

interface Pending {
  fd: number;
  index: number;
  deadline: number;
  /** The descriptor had already failed a connect and was reused for this one. */
  reused: boolean;
}

/**
 * What a probe does with the descriptors it made: reuse refused ones while the kernel allows
 * it (`reuse` off after the first sign it does not), and ports to try again on a fresh one.
 */
interface Pool {
  spares: number[];
  retry: number[];
  reuse: boolean;
}

async function probeNative(
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
  const limit = Math.max(1, options.concurrency ?? 256);
  const timeoutMs = options.timeout == null ? Number.POSITIVE_INFINITY : options.timeout * 1000;
  const pending: Pending[] = [];
  let next = 0;
  let sinceYield = 0;
  // A socket whose connect() failed (its error read and cleared) is back in the CLOSED state
  // and Linux lets it connect again, so a refused descriptor tries another port: no
  // socket()/close() per port. Kernels that refuse that (gVisor says ECONNABORTED) turn it off.
  const pool: Pool = { spares: [], retry: [], reuse: true };
  const finish = (p: Pending, outcome: number) => {
    if (p.reused && outcome === ECONNABORTED) {
      pool.reuse = false;
      pool.retry.push(p.index);
      lib.close(p.fd);
      return;
    }
    if (pool.reuse && outcome !== 0 && outcome !== ETIMEDOUT) pool.spares.push(p.fd);
    else lib.close(p.fd);
    record(p.index, outcome);
  };
  while (next < ports.length || pending.length > 0 || pool.retry.length > 0) {
    while ((next < ports.length || pool.retry.length > 0) && pending.length < limit) {
      const spare = pool.spares.pop();
      const fd = spare ?? lib.socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      const index = pool.retry.pop() ?? next++;
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
      if (lib.connect(fd, ptr(sockaddr), sockaddr.length) === 0) finish(attempt, 0);
      else if (errno() === EINPROGRESS) pending.push(attempt);
      // Some kernels answer a loopback refusal inside connect() itself.
      else finish(attempt, errno());
      // Let signals and timers run now and then during a long synchronous stretch.
      if (++sinceYield >= 4096) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (pending.length > 0) await settle(lib, pending, finish);
  }
  for (const fd of pool.spares) lib.close(fd);
}

/** Waits (a slice at a time) for pending attempts and hands each finished one to `finish`. */
async function settle(
  lib: Libc,
  pending: Pending[],
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
  const cell = new Int32Array(1);
  const length = new Uint32Array([4]);
  for (let i = pending.length - 1; i >= 0; i--) {
    const p = pending[i] as Pending;
    const revents = (fds[i * 2 + 1] as number) >>> 16;
    if (revents === 0 && now < p.deadline) continue;
    let outcome = ETIMEDOUT;
    if (revents !== 0) {
      lib.getsockopt(p.fd, SOL_SOCKET, SO_ERROR, ptr(cell), ptr(length));
      outcome = cell[0] as number;
    }
    pending.splice(i, 1);
    finish(p, outcome);
  }
  await new Promise((resolve) => setImmediate(resolve));
}

/** The portable way: library sockets and connect_ex, `concurrency` at a time. */
async function probeWithSockets(
  host: string,
  family: number,
  ports: readonly number[],
  options: ProbeOptions,
  record: (index: number, errno: number) => void,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < ports.length) {
      const index = next++;
      const sock = new Socket(family, SOCK_STREAM);
      try {
        sock.settimeout(options.timeout ?? null);
        const code = await sock.connect_ex([host, ports[index] as number]);
        // connect_ex reports a timeout as EWOULDBLOCK, as CPython does; here it is a timeout.
        record(index, code === errnoOf("EAGAIN") ? ETIMEDOUT : code);
      } finally {
        sock.close();
      }
    }
  };
  const workers = Math.min(ports.length, Math.max(1, options.concurrency ?? 64));
  await Promise.all(Array.from({ length: workers }, worker));
}
