/** Shared test helpers: loopback listeners on port 0 and connected pairs, closed after each test. */
import { afterEach } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Address, AF_INET, SOCK_STREAM, type Socket, socket } from "../src/index.ts";

const opened: Socket[] = [];
const tempDirs: string[] = [];

afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A socket closed automatically after the test. */
export function track<T extends Socket>(sock: T): T {
  opened.push(sock);
  return sock;
}

/** A new socket closed automatically after the test. */
export function tracked(family = AF_INET, type = SOCK_STREAM): Socket {
  return track(socket(family, type));
}

/** A listening TCP socket on 127.0.0.1 with an ephemeral port. */
export async function listener(family = AF_INET, host = "127.0.0.1", backlog?: number) {
  const srv = tracked(family);
  await srv.bind([host, 0]);
  srv.listen(backlog);
  return srv;
}

/** A connected pair over loopback: [client, server-side connection]. */
export async function connectedPair(family = AF_INET, host = "127.0.0.1") {
  const srv = await listener(family, host);
  const client = tracked(family);
  await client.connect(srv.getsockname() as [string, number]);
  const [conn] = await srv.accept();
  track(conn);
  return [client, conn] as const;
}

/** A fresh temp directory (removed after the test) for Unix socket paths. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "sockit-"));
  tempDirs.push(dir);
  return dir;
}

/** Reads until EOF. */
export async function recvAll(sock: Socket, bufsize = 65536): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (;;) {
    const data = await sock.recv(bufsize);
    if (data.length === 0) return Buffer.concat(chunks);
    chunks.push(data);
  }
}

export const bytes = (text: string) => new TextEncoder().encode(text);
export type { Address };
