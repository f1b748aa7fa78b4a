/** A library client for e2e tests: send bytes, half-close, and collect everything until EOF. */
import { AF_INET, AF_UNIX, SHUT_WR, SOCK_STREAM, socket } from "../../src/index.ts";

/** Connects to 127.0.0.1:`port` (or the Unix `path`), sends `data`, half-closes, reads to EOF. */
export async function talk(to: number | string, data: string | Uint8Array = ""): Promise<Buffer> {
  await using sock = socket(typeof to === "string" ? AF_UNIX : AF_INET, SOCK_STREAM);
  await sock.connect(typeof to === "string" ? to : ["127.0.0.1", to]);
  if (data.length > 0) await sock.sendall(typeof data === "string" ? Buffer.from(data) : data);
  sock.shutdown(SHUT_WR);
  const parts: Buffer[] = [];
  for (;;) {
    const chunk = await sock.recv(65536);
    if (chunk.length === 0) return Buffer.concat(parts);
    parts.push(chunk);
  }
}
