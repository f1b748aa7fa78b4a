/**
 * CONNECT host:port: open the connection the client asked for, answer 200, then join the two
 * sockets with the one pump. Bytes the client sent after its request go first.
 */

import type { CommonFlags } from "../_args.ts";
import { connectTarget } from "../_connect.ts";
import { resolveTarget } from "../endpoints/address.ts";
import type { Endpoint } from "../endpoints/endpoint.ts";
import { socketEndpoint } from "../endpoints/socket.ts";
import { type PumpOptions, pump } from "../pump.ts";
import type { Reporter } from "../report/reporter.ts";
import { BadRequest, type RequestHead } from "./request.ts";
import { statusResponse } from "./response.ts";

/** `host:port`, `[v6]:port`: the port is required (RFC 7231 4.3.6). */
export function parseAuthority(authority: string): { host: string; port: number } {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]/]+)):(\d{1,5})$/.exec(authority);
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535)
    throw new BadRequest(400, `CONNECT needs host:port, not '${authority.slice(0, 80)}'`);
  return { host: (match[1] ?? match[2]) as string, port };
}

/** Dials `host`:`port` honouring -4/-6; any failure is the gateway's (504), not the client's. */
export async function dialUpstream(host: string, port: number, flags: CommonFlags) {
  try {
    return await connectTarget(await resolveTarget(host, port, flags));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new BadRequest(504, why.length > 200 ? `${why.slice(0, 200)}...` : why);
  }
}

export async function tunnel(
  client: Endpoint,
  head: RequestHead,
  flags: CommonFlags,
  options: PumpOptions,
  reporter: Reporter,
): Promise<void> {
  const { host, port } = parseAuthority(head.uri);
  const sock = await dialUpstream(host, port, flags);
  const upstream = socketEndpoint(sock, head.uri);
  try {
    await client.write(statusResponse(200));
    if (head.rest.length > 0) await upstream.write(head.rest);
    await pump(client, upstream, options, reporter);
  } finally {
    upstream.close();
  }
}
