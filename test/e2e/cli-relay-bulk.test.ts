/**
 * 256 MiB through the relay both ways at once (TCP to TCP, Unix to TCP), checked by sha256,
 * and the relay's memory while the far end reads slowly. The test's own library sockets are
 * the client and the far server; the relay is the compiled binary.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AF_INET, AF_UNIX, SHUT_WR, SOCK_STREAM, type Socket, socket } from "../../src/index.ts";
import { CHUNK, chunk, digester, MiB } from "./_bulk.ts";
import { boundSocket, cleanup, sockit, tempDir } from "./_cli.ts";

afterEach(cleanup);

const TOTAL = 256 * MiB;
/** Generous for 2 x 256 MiB through one more process; a stall still fails, with stderr. */
const BULK_DEADLINE_MS = 60_000;

/** Sends TOTAL bytes of stream `seed`, then half-closes; resolves with what it sent. */
async function send(sock: Socket, seed: number) {
  const sent = digester();
  for (let index = 0; index < TOTAL / CHUNK; index++) {
    const data = chunk(seed, index);
    sent.update(data);
    await sock.sendall(data);
  }
  sock.shutdown(SHUT_WR);
  return sent.result();
}

/** Reads to EOF; resolves with what arrived. */
async function receive(sock: Socket) {
  const got = digester();
  for (;;) {
    const data = await sock.recv(4 * MiB);
    if (data.length === 0) return got.result();
    got.update(data);
  }
}

describe("relay bulk", () => {
  test.each([
    ["TCP to TCP", false],
    ["Unix to TCP", true],
  ])(
    "256 MiB each way, %s, keeps its sha256",
    async (_name, unix) => {
      await using far = await boundSocket();
      const farPort = (far.getsockname() as [string, number])[1];
      const path = join(tempDir(), "relay.sock");
      const left = unix ? `unix-listen:${path}` : "tcp-listen:127.0.0.1:0";
      const relay = sockit(["relay", "--once", "-v", left, `tcp:127.0.0.1:${farPort}`]);
      const address = await relay.listeningAddress();
      await using client = socket(unix ? AF_UNIX : AF_INET, SOCK_STREAM);
      await client.connect(unix ? path : ["127.0.0.1", Number(address.split(":")[1])]);
      const [conn] = await far.accept();
      await using _conn = conn;
      const [up, down, atFar, atClient] = await Promise.all([
        send(client, 1),
        send(conn, 2),
        receive(conn),
        receive(client),
      ]);
      expect(atFar).toEqual(up);
      expect(atClient).toEqual(down);
      const done = await relay.finish(BULK_DEADLINE_MS);
      expect(done.exitCode).toBe(0);
      expect(done.lines.at(-1)).toMatch(
        new RegExp(`^sockit: ${TOTAL} bytes sent, ${TOTAL} bytes received in `),
      );
    },
    BULK_DEADLINE_MS,
  );

  test(
    "a far end reading at 1 MB/s holds the relay under 100 MB and slows the sender",
    async () => {
      await using far = await boundSocket();
      const farPort = (far.getsockname() as [string, number])[1];
      const relay = sockit([
        "relay",
        "--once",
        "-v",
        "tcp-listen:127.0.0.1:0",
        `tcp:127.0.0.1:${farPort}`,
      ]);
      const address = await relay.listeningAddress();
      await using client = socket(AF_INET, SOCK_STREAM);
      await client.connect(["127.0.0.1", Number(address.split(":")[1])]);
      const [conn] = await far.accept();
      await using _conn = conn;
      let sent = 0;
      let stop = false;
      const sending = (async () => {
        for (let index = 0; !stop && index < 1024; index++) {
          await client.sendall(chunk(3, index));
          sent += CHUNK;
        }
      })().catch(() => {});
      // 64 KiB every 64 ms is 1 MB/s; three seconds of it, watching the relay's RSS.
      let rssPeak = 0;
      let read = 0;
      for (let tick = 0; tick < 47; tick++) {
        read += (await conn.recv(64 * 1024)).length;
        rssPeak = Math.max(rssPeak, rssOf(relay.proc.pid));
        await Bun.sleep(64);
      }
      stop = true;
      expect(rssPeak).toBeLessThan(100 * MiB);
      // What the sender got rid of is what was read plus the socket buffers on the way, not
      // everything it had: the relay passed the slowness back instead of storing it.
      expect(sent - read).toBeLessThan(64 * MiB);
      client.close();
      conn.close();
      await sending;
      await relay.kill();
    },
    BULK_DEADLINE_MS,
  );
});

/** Resident set size of `pid` in bytes, from /proc. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kib ?? 0) * 1024;
}
