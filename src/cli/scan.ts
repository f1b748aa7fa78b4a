/**
 * `connect -z`: is anything listening? TCP ports are probed many at once (probePorts: a
 * non-blocking connect and a close), on every address the host stands for: a port is open if
 * any address accepts. UDP sends one NUL byte (as ncat does) and listens for an ICMP refusal. -v prints
 * one line per port, in port order, and a summary; exit 0 if any port is open.
 */
import {
  ConnectionRefusedError,
  fromErrno,
  probePorts,
  SOCK_DGRAM,
  type Socket,
  socket,
  TimeoutError,
} from "../socket/index.ts";
import type { CommonFlags } from "./_args.ts";
import { EXIT_NETWORK, EXIT_OK } from "./_errors.ts";
import { labelFor, resolveTargets, type Target } from "./endpoints/address.ts";
import type { Reporter } from "./report/reporter.ts";

/**
 * Without -w, how long a UDP probe waits for a refusal before calling the port open: ncat's
 * 2 s. A remote host sends about one ICMP "port unreachable" a second (Linux rate-limits them
 * per peer), so a shorter wait takes a refused port for an open one. Programs that start
 * sockit and expect it to run as long as ncat does (ncat's own test suite) rely on it too.
 */
const UDP_PROBE_SECONDS = 2;
const ETIMEDOUT = 110;

export async function scanPorts(
  host: string,
  ports: number[],
  flags: CommonFlags,
  wait: number | undefined,
  reporter: Reporter,
): Promise<number> {
  const started = performance.now();
  const targets = await resolveTargets(host, ports[0] ?? 0, flags);
  const udp = targets[0]?.type === SOCK_DGRAM;
  const errors = udp
    ? await probeUdpPorts(targets[0] as Target, ports, wait)
    : await probeTcpPorts(targets, ports, wait);
  const open: number[] = [];
  const proto = udp ? "udp" : "tcp";
  ports.forEach((port, i) => {
    const error = errors[i] ?? "";
    if (error === "") open.push(port);
    report(reporter, host, port, proto, error);
  });
  reporter.scanSummary(host, proto, ports.length, open, (performance.now() - started) / 1000);
  return open.length > 0 ? EXIT_OK : EXIT_NETWORK;
}

/** "" for an open port, else what failed, for each port, trying each address in turn. */
async function probeTcpPorts(targets: Target[], ports: number[], wait: number | undefined) {
  const errors: string[] = ports.map(() => "?");
  let left = ports.map((_, i) => i);
  for (const target of targets) {
    const [address] = target.address as [string, number];
    const subset = left.map((i) => ports[i] as number);
    const outcome = await probePorts(address, target.family, subset, { timeout: wait ?? null });
    left.forEach((index, j) => {
      errors[index] = describe(outcome[j] as number);
    });
    left = left.filter((index) => errors[index] !== "");
    if (left.length === 0) break;
  }
  return errors;
}

/** Messages by errno, made once: building an OSError per closed port would cost more than the probe. */
const messages = new Map<number, string>([
  [0, ""],
  [ETIMEDOUT, "timed out"],
]);

function describe(errno: number): string {
  let message = messages.get(errno);
  if (message === undefined) {
    message = fromErrno(errno).message;
    messages.set(errno, message);
  }
  return message;
}

async function probeUdpPorts(target: Target, ports: number[], wait: number | undefined) {
  const errors: string[] = [];
  for (const port of ports) {
    const [address] = target.address as [string, number];
    const sock = socket(target.family, target.type);
    try {
      sock.settimeout(wait ?? null);
      await sock.connect([address, port]);
      errors.push(await probeUdp(sock, wait ?? UDP_PROBE_SECONDS));
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
    } finally {
      sock.close();
    }
  }
  return errors;
}

/** One NUL byte, as ncat sends; a refusal means closed, silence or a reply means open (or filtered). */
async function probeUdp(sock: Socket, seconds: number): Promise<string> {
  await sock.send(new Uint8Array(1));
  sock.settimeout(seconds);
  try {
    await sock.recv(1);
    return "";
  } catch (err) {
    if (err instanceof TimeoutError) return "";
    if (err instanceof ConnectionRefusedError) return err.message;
    throw err;
  }
}

function report(reporter: Reporter, host: string, port: number, proto: string, error: string) {
  if (error === "") reporter.note(`Connection to ${labelFor(host, port)} (${proto}) succeeded!`);
  else reporter.note(`connect to ${labelFor(host, port)} (${proto}) failed: ${error}`);
  reporter.scan(host, port, proto, error === "");
}
