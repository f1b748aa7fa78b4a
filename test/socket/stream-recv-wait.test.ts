/**
 * A recv that waits is completed from inside Bun's callback (stream/_recv-wait.ts): these are
 * the cases where that shortcut could differ from a woken blocking call.
 */
import { describe, expect, test } from "bun:test";
import {
  ConnectionResetError,
  MSG_PEEK,
  MSG_WAITALL,
  OSError,
  SHUT_RD,
  TimeoutError,
} from "../../src/index.ts";
import { bytes, connectedPair, expectRaises } from "../_helpers.ts";

describe("a waiting recv", () => {
  test("smaller than the chunk that arrives gets bufsize bytes; the rest stays", async () => {
    const [client, conn] = await connectedPair();
    const pending = conn.recv(4);
    await client.sendall(bytes("0123456789"));
    expect((await pending).toString()).toBe("0123");
    expect((await conn.recv(100)).toString()).toBe("456789");
  });

  test("two at once are served in turn, each with its own bytes", async () => {
    const [client, conn] = await connectedPair();
    const first = conn.recv(3);
    const second = conn.recv(100);
    await client.sendall(bytes("abcdef"));
    const got = [(await first).toString(), (await second).toString()];
    expect(got).toEqual(["abc", "def"]);
  });

  test("with MSG_PEEK returns the bytes and leaves them to read", async () => {
    const [client, conn] = await connectedPair();
    const peeked = conn.recv(100, MSG_PEEK);
    await client.sendall(bytes("look"));
    expect((await peeked).toString()).toBe("look");
    expect((await conn.recv(100)).toString()).toBe("look");
  });

  test("with MSG_WAITALL waits across chunks for the full count", async () => {
    const [client, conn] = await connectedPair();
    const pending = conn.recv(6, MSG_WAITALL);
    await client.sendall(bytes("abc"));
    await client.sendall(bytes("defg"));
    expect((await pending).toString()).toBe("abcdef");
    expect((await conn.recv(100)).toString()).toBe("g");
  });

  test("recv_into fills the caller's buffer", async () => {
    const [client, conn] = await connectedPair();
    const buffer = new Uint8Array(8);
    const pending = conn.recv_into(buffer);
    await client.sendall(bytes("into"));
    expect(await pending).toBe(4);
    expect(Buffer.from(buffer.subarray(0, 4)).toString()).toBe("into");
  });

  test("returns empty at the peer's EOF", async () => {
    const [client, conn] = await connectedPair();
    const pending = conn.recv(100);
    client.close();
    expect((await pending).length).toBe(0);
  });

  test("raises ConnectionResetError when the peer resets", async () => {
    const [client, conn] = await connectedPair();
    // Unread data makes close() send RST, as on Linux.
    await conn.sendall(bytes("unread"));
    while (!(await client.recv(1, MSG_PEEK)).length);
    const pending = conn.recv(100);
    client.close();
    await expectRaises(() => pending, ConnectionResetError, "[Errno 104] Connection reset by peer");
  });

  test("shutdown(SHUT_RD) then close() in the same turn raises OSError 9, not EOF", async () => {
    const [, conn] = await connectedPair();
    const pending = conn.recv(100);
    conn.shutdown(SHUT_RD);
    conn.close();
    await expectRaises(() => pending, OSError, "[Errno 9] Bad file descriptor", 9);
  });

  test("that times out frees its place: the next recv gets the data", async () => {
    const [client, conn] = await connectedPair();
    conn.settimeout(0.05);
    await expectRaises(() => conn.recv(100), TimeoutError, "timed out", null);
    conn.settimeout(null);
    const pending = conn.recv(100);
    await client.sendall(bytes("after"));
    expect((await pending).toString()).toBe("after");
  });

  test("with a timeout, data in time cancels its timer: the next wait gets its own", async () => {
    const [client, conn] = await connectedPair();
    conn.settimeout(0.1);
    const first = conn.recv(100);
    await client.sendall(bytes("one"));
    expect((await first).toString()).toBe("one");
    conn.settimeout(0.4);
    const started = performance.now();
    await expectRaises(() => conn.recv(100), TimeoutError, "timed out", null);
    // A timer left over from the first wait would have ended this one after 0.1 s.
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
  });
});
