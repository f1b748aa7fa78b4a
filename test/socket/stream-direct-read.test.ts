/**
 * While the peer streams, recv and recv_into read the descriptor themselves instead of waiting
 * for Bun's next chunk (`_direct-read.ts`). These tests pin what a user must not be able to
 * tell apart from Bun's path: order, EOF, a reset, select, and timers that keep running.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import {
  ConnectionResetError,
  SO_LINGER,
  SOL_SOCKET,
  type Socket,
  select,
} from "../../src/index.ts";
import { cleanupTracked, connectedPair } from "../_helpers.ts";

afterEach(cleanupTracked);

const KiB = 1024;
const MiB = 1024 * KiB;

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

/**
 * Puts the receiver in streaming mode: one large chunk arrives through Bun (a recv that waits)
 * and is read out of the buffer, so the next recv finds nothing buffered and reads directly.
 */
async function startStreaming(sender: Socket, receiver: Socket): Promise<void> {
  await sender.sendall(pattern(256 * KiB, 9));
  let got = 0;
  while (got < 256 * KiB) got += (await receiver.recv(256 * KiB - got)).length;
}

describe("direct reads while the peer streams", () => {
  test("mixed recv and recv_into sizes see every byte in order", async () => {
    const [a, b] = await connectedPair();
    const data = pattern(32 * MiB, 3);
    const sending = a.sendall(data).then(() => a.shutdown(1));
    const hash = createHash("sha256");
    const sizes = [1, 100, 65536, 262144, 1 << 20, 4095];
    const scratch = new Uint8Array(1 << 20);
    let total = 0;
    for (let step = 0; ; step++) {
      const size = sizes[step % sizes.length] as number;
      let chunk: Uint8Array;
      if (step % 3 === 0) {
        // An offset view: the direct read must land at the view's start, not the buffer's.
        const view = scratch.subarray(7, 7 + size);
        const count = await b.recv_into(view);
        chunk = view.subarray(0, count);
      } else {
        chunk = await b.recv(size);
      }
      if (chunk.length === 0) break;
      hash.update(chunk);
      total += chunk.length;
    }
    await sending;
    expect(total).toBe(data.length);
    expect(hash.digest("hex")).toBe(sha256(data));
  });

  test("every recv hands out memory of its own: later reads never overwrite earlier results", async () => {
    const [a, b] = await connectedPair();
    const data = pattern(16 * MiB, 5);
    // Small writes with pauses leave the kernel's buffer empty or short at times, so direct
    // reads also find nothing and come back short (their buffer is reused, never given out).
    const sending = (async () => {
      for (let at = 0; at < data.length; at += 48 * KiB) {
        await a.sendall(data.subarray(at, at + 48 * KiB));
        if ((at / (48 * KiB)) % 64 === 0) await Bun.sleep(1);
      }
      a.shutdown(1);
    })();
    const kept: Buffer[] = [];
    for (let chunk = await b.recv(65536); chunk.length > 0; chunk = await b.recv(65536)) {
      kept.push(chunk);
    }
    await sending;
    // Compared only after the last read: any buffer handed out twice now holds later bytes.
    expect(sha256(Buffer.concat(kept))).toBe(sha256(data));
  });

  test("the peer's FIN ends a streaming recv with b'' and every recv after it", async () => {
    const [a, b] = await connectedPair();
    await startStreaming(a, b);
    a.close();
    expect((await b.recv(65536)).length).toBe(0);
    expect((await b.recv(65536)).length).toBe(0);
    const target = new Uint8Array(16);
    expect(await b.recv_into(target)).toBe(0);
  });

  test("a reset raises ConnectionResetError once, then recv gives b''", async () => {
    const [a, b] = await connectedPair();
    await startStreaming(a, b);
    // Unread data on a's side plus SO_LINGER 0 makes close() send RST, as on Linux.
    await b.sendall(new Uint8Array(10));
    a.setsockopt(SOL_SOCKET, SO_LINGER, Buffer.from([1, 0, 0, 0, 0, 0, 0, 0]));
    a.close();
    await expect(b.recv(65536)).rejects.toBeInstanceOf(ConnectionResetError);
    expect((await b.recv(65536)).length).toBe(0);
  });

  test("select still sees data a direct read left in the kernel", async () => {
    const [a, b] = await connectedPair();
    await startStreaming(a, b);
    await a.sendall(pattern(128 * KiB, 4));
    expect((await b.recv(1000)).length).toBeGreaterThan(0);
    const [readable] = await select([b], [], [], 2);
    expect(readable).toEqual([b]);
    let rest = 0;
    b.setblocking(false);
    for (;;) {
      try {
        rest += (await b.recv(1 << 20)).length;
      } catch {
        break; // BlockingIOError: all of it was read
      }
    }
    expect(rest).toBe(128 * KiB - 1000);
  });

  test("a recv loop that always finds data still lets timers run", async () => {
    const [a, b] = await connectedPair();
    await startStreaming(a, b);
    const chunk = pattern(64 * KiB, 5);
    let fired = false;
    setTimeout(() => {
      fired = true;
    }, 0);
    // Each turn refills what it reads, so the kernel never runs dry and no recv has to wait:
    // only the library's own bound on direct reads returns control to the event loop.
    const giveUp = performance.now() + 2000;
    await a.sendall(chunk);
    while (!fired && performance.now() < giveUp) {
      const data = await b.recv(64 * KiB);
      await a.sendall(chunk.subarray(0, data.length));
    }
    expect(fired).toBe(true);
  });
});
