/** HTTP CONNECT (RFC 9110 9.3.6) over a socket already connected to the proxy. */
import type { Socket } from "../../socket/index.ts";
import { ProxyRefusal, type ProxyRequest } from "./proxy-wire.ts";

/** The longest response head we read before deciding the proxy is not speaking HTTP. */
const MAX_HEAD = 16 * 1024;

/** Sends CONNECT and reads the response head; a status other than 2xx is a ProxyRefusal. */
export async function httpConnect(sock: Socket, request: ProxyRequest): Promise<void> {
  const authority = request.host.includes(":")
    ? `[${request.host}]:${request.port}`
    : `${request.host}:${request.port}`;
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  if (request.auth) {
    const token = Buffer.from(`${request.auth.user}:${request.auth.password}`).toString("base64");
    lines.push(`Proxy-Authorization: Basic ${token}`);
  }
  await sock.sendall(Buffer.from(`${lines.join("\r\n")}\r\n\r\n`));
  const head = await readHead(sock);
  const status = /^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?$/.exec(head.split("\r\n")[0] ?? "");
  if (!status) throw new ProxyRefusal("did not answer in HTTP");
  const code = Number(status[1]);
  if (code >= 200 && code < 300) return;
  const hint =
    code === 407 ? (request.auth ? " (wrong user name or password)" : " (--proxy-auth)") : "";
  throw new ProxyRefusal(`HTTP ${code} ${status[2] ?? ""}`.trimEnd() + hint);
}

/**
 * The response up to its blank line, read a byte at a time: the tunnel's first bytes may
 * follow in the same packet, and they belong to the stream, not to us.
 */
async function readHead(sock: Socket): Promise<string> {
  const bytes: number[] = [];
  while (bytes.length < MAX_HEAD) {
    const byte = await sock.recv(1);
    if (byte.length === 0) throw new ProxyRefusal("closed the connection before answering");
    bytes.push(byte[0] as number);
    const n = bytes.length;
    if (
      n >= 4 &&
      bytes[n - 4] === 13 &&
      bytes[n - 3] === 10 &&
      bytes[n - 2] === 13 &&
      bytes[n - 1] === 10
    ) {
      return Buffer.from(bytes).toString("latin1");
    }
  }
  throw new ProxyRefusal("sent a response head longer than 16 KiB");
}
