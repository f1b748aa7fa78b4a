/**
 * Is anything listening? probePorts answers for many TCP ports of one address at once, the
 * way a port scanner does: a non-blocking connect per port and a close, with up to
 * `concurrency` attempts in flight. Through Bun.connect each attempt costs ~50 µs of event-loop
 * work, which made a full 65535-port loopback scan take several times as long as nc's; here
 * the calls go straight to libc (bun:ffi) on Linux (_port-probe-native.ts), and through
 * connect_ex elsewhere.
 */
import { libc } from "./_libc.ts";
import { probeNative, sockaddrOf } from "./_port-probe-native.ts";
import { SOCK_STREAM } from "./constants.ts";
import { errnoOf } from "./errors.ts";
import { Socket } from "./socket.ts";

const ETIMEDOUT = errnoOf("ETIMEDOUT");

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
  const native = libc();
  const sockaddr = native ? sockaddrOf(host, family) : undefined;
  if (native && sockaddr) await probeNative(native, family, sockaddr, ports, options, record);
  else await probeWithSockets(host, family, ports, options, record);
  return results;
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
