/**
 * Making an outgoing connection the CLI's way, for `connect` and relay's connecting addresses:
 * an optional source address, a connect timeout, and errors that name the target.
 */
import { AF_INET6, type Socket } from "../socket/index.ts";
import { NetworkError } from "./_errors.ts";
import { newSocket, type Target } from "./endpoints/address.ts";

export interface ConnectOptions {
  /** Source host (-s); the family's wildcard when only a port is given. */
  source?: string;
  /** Source port (-p); 0 or undefined for any. */
  sourcePort?: number;
  /** Seconds to wait for the connection (-w); undefined waits as long as the OS does. */
  wait?: number;
}

/**
 * Creates, optionally binds, and connects a socket to `target`.
 *
 * @example
 * const sock = await connectTarget(await resolveTarget("example.org", 80, {}), { wait: 5 });
 */
export async function connectTarget(target: Target, options: ConnectOptions = {}): Promise<Socket> {
  const sock = newSocket(target, "connect");
  try {
    if (options.source !== undefined || options.sourcePort !== undefined) {
      const wildcard = target.family === AF_INET6 ? "::" : "0.0.0.0";
      await bindSource(sock, [options.source ?? wildcard, options.sourcePort ?? 0]);
    }
    sock.settimeout(options.wait ?? null);
    try {
      await sock.connect(target.address);
    } catch (err) {
      throw new NetworkError(`connect ${target.label}`, err);
    }
    sock.settimeout(null);
    return sock;
  } catch (err) {
    sock.close();
    throw err;
  }
}

async function bindSource(sock: Socket, address: [string, number]): Promise<void> {
  try {
    await sock.bind(address);
  } catch (err) {
    throw new NetworkError(`bind ${address[0]}:${address[1]}`, err);
  }
}
