import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { type Socket, TimeoutError } from "../../src/index.ts";
import { connectedPair, expectRaises } from "../_helpers.ts";

const MiB = 1024 * 1024;

/** Deterministic bytes that differ at every offset a chunking bug could shift. */
function pattern(size: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeUInt32LE(x >>> 0, i);
  }
  return out;
}

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

/** A deliberately slow reader: odd-sized small recvs, yielding to the event loop now and then. */
async function slowRead(sock: Socket): Promise<{ size: number; digest: string }> {
  const hash = createHash("sha256");
  let size = 0;
  for (let step = 0; ; step++) {
    const data = await sock.recv(1 + ((step * 7919) % 32768));
    if (data.length === 0) return { size, digest: hash.digest("hex") };
    hash.update(data);
    size += data.length;
    if (step % 512 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("bulk transfer", () => {
  test("64 MiB each way at once, with slow readers, arrives intact", async () => {
    const [client, conn] = await connectedPair();
    const up = pattern(64 * MiB, 1);
    const down = pattern(64 * MiB, 2);
    const send = async (sock: Socket, data: Buffer) => {
      await sock.sendall(data);
      sock.shutdown(1);
    };
    const [, , atServer, atClient] = await Promise.all([
      send(client, up),
      send(conn, down),
      slowRead(conn),
      slowRead(client),
    ]);
    expect(atServer).toEqual({ size: up.length, digest: sha256(up) });
    expect(atClient).toEqual({ size: down.length, digest: sha256(down) });
  });

  test("everything sent before close() reaches the peer, then EOF", async () => {
    const [client, conn] = await connectedPair();
    const data = pattern(8 * MiB, 4);
    const reading = slowRead(conn);
    await client.sendall(data);
    client.close();
    expect(await reading).toEqual({ size: data.length, digest: sha256(data) });
  });

  test("a reader that stops reading stalls the sender instead of buffering everything", async () => {
    const [client, conn] = await connectedPair();
    const chunk = pattern(MiB, 3);
    client.settimeout(0.3);
    let sent = 0;
    // Each send waits for room; once the receiver stops taking data, one times out.
    await expectRaises(
      async () => {
        for (let i = 0; i < 64; i++) sent += await client.send(chunk.subarray(sent % MiB));
      },
      TimeoutError,
      "timed out",
      null,
    );
    // The receiver holds at most its high-water mark plus what the kernels buffer.
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(32 * MiB);
    client.close();
    const hash = createHash("sha256");
    let received = 0;
    for (;;) {
      const data = await conn.recv(MiB);
      if (data.length === 0) break;
      hash.update(data);
      received += data.length;
    }
    expect(received).toBe(sent);
    const expected = createHash("sha256");
    for (let offset = 0; offset < sent; offset += MiB) {
      expected.update(chunk.subarray(0, Math.min(MiB, sent - offset)));
    }
    expect(hash.digest("hex")).toBe(expected.digest("hex"));
  });
});
