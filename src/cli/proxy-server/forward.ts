/**
 * GET, HEAD and POST with an absolute `http://` URI: the request goes on to the origin server
 * in origin form, without hop-by-hop header fields, and the server's answer comes back as it
 * is until the server closes. One request per connection, as ncat serves them.
 */
import type { Address } from "../../socket/index.ts";
import type { CommonFlags } from "../_args.ts";
import type { Endpoint } from "../endpoints/endpoint.ts";
import { socketEndpoint } from "../endpoints/socket.ts";
import { readBody } from "./body.ts";
import { BadRequest, headerValues, type RequestHead } from "./request.ts";
import { dialUpstream } from "./tunnel.ts";

export const FORWARDED_METHODS = new Set(["GET", "HEAD", "POST"]);

/** Fields about this hop only (RFC 7230 6.1), never passed on. */
const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authorization",
  "proxy-authenticate",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
];

/** `http://host[:port][/path]` split up; anything else is the client's error. */
export function parseAbsoluteUri(uri: string): { host: string; port: number; path: string } {
  const match =
    /^http:\/\/(?:\[([0-9A-Fa-f:.]+)\]|([^:/[\]?#@]+))(?::(\d{1,5}))?([/?][^#]*)?$/i.exec(uri);
  const port = match?.[3] === undefined ? 80 : Number(match[3]);
  if (!match || port < 1 || port > 65535)
    throw new BadRequest(400, `not an absolute http:// URI: '${uri.slice(0, 80)}'`);
  const rawPath = match[4] ?? "/";
  return {
    host: (match[1] ?? match[2]) as string,
    port,
    path: rawPath.startsWith("?") ? `/${rawPath}` : rawPath,
  };
}

export async function forward(
  client: Endpoint,
  head: RequestHead,
  flags: CommonFlags,
  own: Address | undefined,
): Promise<void> {
  const read = client.read?.bind(client);
  if (!read) return;
  const { host, port, path } = parseAbsoluteUri(head.uri);
  const body = await readBody(head, read);
  const sock = await dialUpstream(host, port, flags);
  const upstream = socketEndpoint(sock, `${host}:${port}`);
  try {
    if (isSelf(upstream.peer, own, client.local))
      throw new BadRequest(403, `request loop: ${head.uri.slice(0, 80)} is this proxy`);
    await upstream.write(originRequest(head, host, port, path, body));
    for (;;) {
      const chunk = await upstream.read?.();
      if (!chunk) break;
      await client.write(chunk);
    }
  } finally {
    upstream.close();
  }
}

function originRequest(
  head: RequestHead,
  host: string,
  port: number,
  path: string,
  body: Uint8Array,
): Uint8Array {
  // Connection also names further fields that are this hop's only.
  const named = headerValues(head, "Connection")
    .flatMap((v) => v.split(","))
    .map((n) => n.trim().toLowerCase());
  const drop = new Set([...HOP_BY_HOP, ...named, "content-length"]);
  const kept = head.headers.filter(([name]) => !drop.has(name.toLowerCase()));
  const lines = [`${head.method} ${path} ${head.version}`];
  if (!kept.some(([name]) => name.toLowerCase() === "host")) {
    const shown = host.includes(":") ? `[${host}]` : host;
    lines.push(`Host: ${port === 80 ? shown : `${shown}:${port}`}`);
  }
  for (const [name, value] of kept) lines.push(`${name}: ${value}`);
  const framed =
    body.length > 0 || head.method === "POST" || headerValues(head, "Content-Length").length > 0;
  if (framed) lines.push(`Content-Length: ${body.length}`);
  lines.push("Connection: close", "", "");
  return Buffer.concat([Buffer.from(lines.join("\r\n"), "latin1"), body]);
}

/** The connection reached this very proxy: same port, and our address or loopback. */
function isSelf(far: Address | undefined, own: Address | undefined, near: Address | undefined) {
  if (!Array.isArray(far) || !Array.isArray(own)) return false;
  if (far[1] !== own[1]) return false;
  const address = plain(String(far[0]));
  const mine = plain(String(own[0]));
  if (address === mine) return true;
  const wildcard = mine === "0.0.0.0" || mine === "::";
  const local = Array.isArray(near) ? plain(String(near[0])) : "";
  return wildcard && (address === local || address === "::1" || address.startsWith("127."));
}

function plain(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
