/** What the proxy handshakes share: the request, the refusal, and exact reads. */
import type { Socket } from "../../socket/index.ts";

/** --proxy-auth: Basic sends the words as given, the others split them at the first ':'. */
export interface ProxyLogin {
  user: string;
  password: string;
  text: string;
}

export interface ProxyRequest {
  /** The target as the proxy should see it: a name (resolved there) or an address. */
  host: string;
  port: number;
  auth?: ProxyLogin;
}

/** The proxy said no, or did not speak its protocol; the message is the reason, in words. */
export class ProxyRefusal extends Error {
  override name = "ProxyRefusal";
}

/** Exactly `count` bytes; the proxy hanging up first is a refusal. */
export async function recvExactly(sock: Socket, count: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let have = 0;
  while (have < count) {
    const data = await sock.recv(count - have);
    if (data.length === 0) throw new ProxyRefusal("closed the connection during the handshake");
    parts.push(data);
    have += data.length;
  }
  return Buffer.concat(parts);
}
