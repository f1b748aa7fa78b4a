/**
 * `listen --echo` under load: every byte comes back once and in order, however slowly the
 * client reads, and the peer's EOF comes back as a half-close. The client is the library.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { AF_INET, SHUT_WR, SOCK_STREAM, type Socket, socket } from "../../src/socket/index.ts";
import { chunk, MiB } from "./_bulk.ts";
import { cleanup, sockit } from "./_cli.ts";

afterEach(cleanup);

/** Sends `chunks` (then EOF) while reading everything back in `readSize` pieces; both sha256. */
async function roundTrip(conn: Socket, chunks: Buffer[], readSize: number) {
  const sent = createHash("sha256");
  const back = createHash("sha256");
  const sending = (async () => {
    for (const data of chunks) {
      sent.update(data);
      await conn.sendall(data);
    }
    conn.shutdown(SHUT_WR);
  })();
  let received = 0;
  for (;;) {
    const data = await conn.recv(readSize);
    if (data.length === 0) break;
    back.update(data);
    received += data.length;
  }
  await sending;
  return { sent: sent.digest("hex"), back: back.digest("hex"), received };
}

async function echoServer() {
  const server = sockit(["listen", "--echo", "-v", "127.0.0.1", "0"]);
  return { server, port: Number(await server.listening()) };
}

describe("listen --echo", () => {
  test("64 MiB come back with the same sha256, then EOF; the server exits 0", async () => {
    const { server, port } = await echoServer();
    const conn = socket(AF_INET, SOCK_STREAM);
    await conn.connect(["127.0.0.1", port]);
    const chunks = Array.from({ length: 64 }, (_, i) => chunk(7, i));
    const result = await roundTrip(conn, chunks, 1024 * 1024);
    conn.close();
    expect(result.received).toBe(64 * MiB);
    expect(result.back).toBe(result.sent);
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "" });
  });

  test("a client that reads in small pieces still gets every byte back, in order", async () => {
    const { server, port } = await echoServer();
    const conn = socket(AF_INET, SOCK_STREAM);
    await conn.connect(["127.0.0.1", port]);
    // Reading 1000 bytes at a time falls behind the sender, so the server's writes come up
    // short and its backlog has to hold the rest in order.
    const chunks = Array.from({ length: 32 }, (_, i) => chunk(8, i));
    const result = await roundTrip(conn, chunks, 1000);
    conn.close();
    expect(result.received).toBe(32 * MiB);
    expect(result.back).toBe(result.sent);
    expect(await server.finish()).toMatchObject({ exitCode: 0 });
  });

  test("bytes sent before the client reads anything are all echoed once it does", async () => {
    const { server, port } = await echoServer();
    const conn = socket(AF_INET, SOCK_STREAM);
    await conn.connect(["127.0.0.1", port]);
    const lines = Array.from({ length: 200 }, (_, i) => Buffer.from(`line ${i}\n`));
    for (const line of lines) await conn.sendall(line);
    conn.shutdown(SHUT_WR);
    const back: Buffer[] = [];
    for (let data = await conn.recv(65536); data.length > 0; data = await conn.recv(65536))
      back.push(data);
    conn.close();
    expect(Buffer.concat(back).toString()).toBe(Buffer.concat(lines).toString());
    expect(await server.finish()).toMatchObject({ exitCode: 0 });
  });
});
