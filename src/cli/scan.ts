/**
 * `connect -z`: is anything listening? Like `nc -z`, connect and close at once (TCP), or send
 * an empty datagram and listen for an ICMP refusal (UDP). Exit 0 if any port is open.
 */
import { ConnectionRefusedError, SOCK_DGRAM, socket, TimeoutError } from "../socket/index.ts";
import type { CommonFlags } from "./_args.ts";
import { EXIT_NETWORK, EXIT_OK } from "./_errors.ts";
import { labelFor, resolveTarget } from "./endpoints/address.ts";
import type { Reporter } from "./report/reporter.ts";

/** Without -w, how long a UDP probe waits for a refusal before calling the port open. */
const UDP_PROBE_SECONDS = 0.5;

export async function scanPorts(
  host: string,
  ports: number[],
  flags: CommonFlags,
  wait: number | undefined,
  reporter: Reporter,
): Promise<number> {
  let anyOpen = false;
  for (const port of ports) {
    const target = await resolveTarget(host, port, flags);
    const udp = target.type === SOCK_DGRAM;
    const sock = socket(target.family, target.type);
    let error = "";
    try {
      sock.settimeout(wait ?? null);
      await sock.connect(target.address);
      if (udp) error = await probeUdp(sock, wait ?? UDP_PROBE_SECONDS);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    } finally {
      sock.close();
    }
    anyOpen ||= error === "";
    report(reporter, host, port, udp ? "udp" : "tcp", error);
  }
  return anyOpen ? EXIT_OK : EXIT_NETWORK;
}

/** An empty datagram; a refusal means closed, silence or a reply means open (or filtered). */
async function probeUdp(sock: ReturnType<typeof socket>, seconds: number): Promise<string> {
  await sock.send(new Uint8Array(0));
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
