/**
 * A peer that resets the connection while sockit is still sending (it read 1 MiB of 64, then
 * closed with SO_LINGER 0) has not received everything: exit 1 with the reset in one line, on
 * the connect and the listen side. A peer that reads everything and then hangs up is a normal
 * end, exit 0.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { cleanup, peer, SOCKIT, sockit, tempDir } from "./_cli.ts";

afterEach(cleanup);

/** A 64 MiB file: far more than the socket buffers hold, so sockit is mid-send at the reset. */
function bigFile(): string {
  const path = join(tempDir(), "big");
  const fd = openSync(path, "w");
  const block = Buffer.alloc(1 << 20, 0x62);
  for (let i = 0; i < 64; i++) writeSync(fd, block);
  closeSync(fd);
  return path;
}

/** python3 reads `limit` bytes (all of them when 0), then closes: with a reset when `reset`. */
const PEER = `
import socket, struct, sys
role, port, limit, reset = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
if role == "server":
    srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
    print(srv.getsockname()[1], flush=True); conn, _ = srv.accept()
else:
    conn = socket.create_connection(("127.0.0.1", port))
got = 0
while limit == 0 or got < limit:
    data = conn.recv(65536)
    if not data: break
    got += len(data)
if reset: conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
conn.close()
print(got, flush=True)
`;

const RESET_LINE = /^\[Errno (104|32)\] (Connection reset by peer|Broken pipe)$/;

async function connectSide(limit: number, reset: boolean) {
  const server = peer(["python3", "-c", PEER, "server", "0", String(limit), reset ? "1" : "0"]);
  await server.waitForStdout("\n");
  const port = server.stdout.trim();
  const script = `"$0" connect 127.0.0.1 "$1" < "$2"`;
  const client = await peer(["bash", "-c", script, SOCKIT, port, bigFile()]).finish();
  await server.finish();
  return { client, port };
}

describe("a reset while sending", () => {
  test("connect: exit 1, the reset in one line", async () => {
    const { client, port } = await connectSide(1 << 20, true);
    expect(client.exitCode).toBe(1);
    expect(client.lines).toHaveLength(1);
    const prefix = `sockit: 127.0.0.1:${port}: `;
    expect(client.lines[0]).toStartWith(prefix);
    expect(client.lines[0]?.slice(prefix.length)).toMatch(RESET_LINE);
  });

  test("listen: exit 1, the reset in one line", async () => {
    const path = bigFile();
    const server = peer(["bash", "-c", `"$0" listen -v 127.0.0.1 0 < "$1"`, SOCKIT, path]);
    const port = await server.listening();
    await peer(["python3", "-c", PEER, "client", String(port), String(1 << 20), "1"]).finish();
    const done = await server.finish();
    expect(done.exitCode).toBe(1);
    const last = done.lines.at(-1) as string;
    const prefix = /^sockit: connection from 127\.0\.0\.1:\d+: /;
    expect(last).toMatch(prefix);
    expect(last.replace(prefix, "")).toMatch(RESET_LINE);
  });

  test("a peer that reads everything, then hangs up: exit 0", async () => {
    const { client } = await connectSide(0, false);
    expect(client).toMatchObject({ exitCode: 0, stderr: "" });
  });

  test("a piped stdin that is still flowing: exit 1 as well", async () => {
    const server = peer(["python3", "-c", PEER, "server", "0", String(1 << 20), "1"]);
    await server.waitForStdout("\n");
    const client = sockit(["connect", "127.0.0.1", server.stdout.trim()], { open: true });
    const block = new Uint8Array(1 << 20);
    for (let i = 0; i < 64 && client.proc.exitCode === null; i++) {
      await client.send(block).catch(() => {});
    }
    const done = await client.finish();
    expect(done.exitCode).toBe(1);
    expect(done.lines.at(-1)).toMatch(/\[Errno (104|32)\]/);
    await server.finish();
  });
});
