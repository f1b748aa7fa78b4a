/**
 * SOCKS5 (RFC 1928, with RFC 1929 user/password) and SOCKS4/4a CONNECT over a socket already
 * connected to the proxy. Failures are ProxyRefusal with the proxy's reason in words.
 */
import { AF_INET, AF_INET6, inet_pton, type Socket } from "../../socket/index.ts";
import { ProxyRefusal, type ProxyRequest, recvExactly } from "./proxy-wire.ts";

const SOCKS5_REPLIES: Record<number, string> = {
  1: "general failure",
  2: "connection not allowed by the proxy's rules",
  3: "network unreachable",
  4: "host unreachable",
  5: "connection refused by the target",
  6: "TTL expired",
  7: "command not supported",
  8: "address type not supported",
};

/** SOCKS5 CONNECT to `request.host` (a name when the proxy resolves it, else an address). */
export async function socks5Connect(sock: Socket, request: ProxyRequest): Promise<void> {
  const methods = request.auth ? [0x00, 0x02] : [0x00];
  await sock.sendall(Uint8Array.from([5, methods.length, ...methods]));
  const [version, method] = await recvExactly(sock, 2);
  if (version !== 5) throw new ProxyRefusal("not a SOCKS5 proxy");
  if (method === 0xff) {
    const why = request.auth
      ? "refused every authentication method offered"
      : "wants a user name and password (--proxy-auth)";
    throw new ProxyRefusal(why);
  }
  if (method === 0x02) await socks5Login(sock, request);
  else if (method !== 0x00)
    throw new ProxyRefusal(`chose an unknown authentication method ${method}`);
  const port = [request.port >> 8, request.port & 0xff];
  await sock.sendall(Uint8Array.from([5, 1, 0, ...addressBytes(request.host), ...port]));
  const [, reply, , kind] = await recvExactly(sock, 4);
  if (reply !== 0) {
    throw new ProxyRefusal(`${SOCKS5_REPLIES[reply as number] ?? "failed"} (SOCKS5 code ${reply})`);
  }
  // The address the proxy bound for us: read and dropped, so the stream starts clean.
  const length = kind === 1 ? 4 : kind === 4 ? 16 : (await recvExactly(sock, 1))[0];
  await recvExactly(sock, (length as number) + 2);
}

async function socks5Login(sock: Socket, request: ProxyRequest): Promise<void> {
  const user = Buffer.from(request.auth?.user ?? "");
  const pass = Buffer.from(request.auth?.password ?? "");
  if (user.length > 255 || pass.length > 255)
    throw new ProxyRefusal("user name or password longer than 255 bytes");
  await sock.sendall(
    Buffer.concat([Buffer.from([1, user.length]), user, Buffer.from([pass.length]), pass]),
  );
  const [, status] = await recvExactly(sock, 2);
  if (status !== 0)
    throw new ProxyRefusal(
      `authentication failed: wrong user name or password (SOCKS5 status ${status})`,
    );
}

/** ATYP and address: IPv4, IPv6, or a domain name for the proxy to resolve. */
function addressBytes(host: string): number[] {
  const v4 = tryPton(AF_INET, host);
  if (v4) return [1, ...v4];
  const v6 = tryPton(AF_INET6, host);
  if (v6) return [4, ...v6];
  const name = Buffer.from(host);
  if (name.length > 255) throw new ProxyRefusal(`host name too long for SOCKS5: ${host}`);
  return [3, name.length, ...name];
}

const SOCKS4_REPLIES: Record<number, string> = {
  91: "request rejected or failed",
  92: "request failed: the proxy could not reach our identd",
  93: "request failed: identd reported a different user",
};

/** SOCKS4 CONNECT; a name is sent as SOCKS4a (the proxy resolves it). IPv6 cannot be said. */
export async function socks4Connect(sock: Socket, request: ProxyRequest): Promise<void> {
  const user = Buffer.from(request.auth?.user ?? "");
  const v4 = tryPton(AF_INET, request.host);
  if (!v4 && tryPton(AF_INET6, request.host))
    throw new ProxyRefusal("SOCKS4 cannot reach an IPv6 address");
  const head = Buffer.from([4, 1, request.port >> 8, request.port & 0xff, ...(v4 ?? [0, 0, 0, 1])]);
  const name = v4 ? Buffer.alloc(0) : Buffer.concat([Buffer.from(request.host), Buffer.from([0])]);
  await sock.sendall(Buffer.concat([head, user, Buffer.from([0]), name]));
  const [, status] = await recvExactly(sock, 8);
  if (status !== 0x5a) {
    const why = SOCKS4_REPLIES[status as number] ?? "request failed";
    throw new ProxyRefusal(`${why} (SOCKS4 code ${(status as number).toString(16)}h)`);
  }
}

function tryPton(family: number, host: string): Uint8Array | null {
  try {
    return inet_pton(family, host);
  } catch {
    return null;
  }
}
