import { describe, expect, test } from "bun:test";
import {
  BlockingIOError,
  MSG_DONTWAIT,
  MSG_PEEK,
  MSG_WAITALL,
  OSError,
  type Socket,
} from "../../src/index.ts";
import { bytes, connectedPair, expectRaises, listener, track, tracked } from "../_helpers.ts";

const EAGAIN_MESSAGE = "[Errno 11] Resource temporarily unavailable";

/** One turn of the event loop, so Bun can deliver what is already on the wire. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Polls a non-blocking connect with connect_ex, as a Python loop without select() would:
 * EALREADY (114) while in progress; returns the first other result. Bounded, never sleeps.
 */
async function finishConnect(sock: Socket, address: [string, number]): Promise<number> {
  for (let i = 0; i < 10_000; i++) {
    const result = await sock.connect_ex(address);
    if (result !== 114) return result;
    await turn();
  }
  throw new Error("connect did not complete");
}

describe("non-blocking recv, accept, send", () => {
  test("recv with nothing there: BlockingIOError 11", async () => {
    const [, conn] = await connectedPair();
    conn.setblocking(false);
    await expectRaises(() => conn.recv(10), BlockingIOError, EAGAIN_MESSAGE, 11);
    await expectRaises(() => conn.recv_into(Buffer.alloc(4)), BlockingIOError, EAGAIN_MESSAGE, 11);
    await expectRaises(() => conn.recvfrom(10), BlockingIOError, EAGAIN_MESSAGE, 11);
  });

  test("recv returns what is already there", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("ready"));
    await conn.recv(5, MSG_PEEK | MSG_WAITALL);
    conn.setblocking(false);
    expect((await conn.recv(10)).toString()).toBe("ready");
    await expectRaises(() => conn.recv(10), BlockingIOError, EAGAIN_MESSAGE, 11);
  });

  test("MSG_WAITALL returns what is there instead of raising", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("abc"));
    await conn.recv(3, MSG_PEEK | MSG_WAITALL);
    conn.setblocking(false);
    expect((await conn.recv(10, MSG_WAITALL)).toString()).toBe("abc");
  });

  test("recv at EOF returns empty rather than raising", async () => {
    const [client, conn] = await connectedPair();
    client.close();
    await conn.recv(1);
    conn.setblocking(false);
    expect((await conn.recv(10)).length).toBe(0);
  });

  test("MSG_DONTWAIT makes one call non-blocking on a blocking socket", async () => {
    const [, conn] = await connectedPair();
    await expectRaises(() => conn.recv(10, MSG_DONTWAIT), BlockingIOError, EAGAIN_MESSAGE, 11);
    expect(conn.getblocking()).toBe(true);
  });

  test("accept with no connection waiting: BlockingIOError 11", async () => {
    const srv = await listener();
    srv.setblocking(false);
    await expectRaises(() => srv.accept(), BlockingIOError, EAGAIN_MESSAGE, 11);
  });

  test("send into a full buffer: BlockingIOError 11 once the kernel stops taking data", async () => {
    const [client] = await connectedPair();
    client.setblocking(false);
    const chunk = new Uint8Array(1024 * 1024);
    const err = await expectRaises(
      async () => {
        for (let i = 0; i < 1024; i++) await client.send(chunk);
      },
      BlockingIOError,
      EAGAIN_MESSAGE,
      11,
    );
    expect(err).toBeInstanceOf(OSError);
  });
});

describe("non-blocking connect", () => {
  test("connect raises BlockingIOError 115; once done, connect_ex gives 0 then 106", async () => {
    const srv = await listener();
    const address = srv.getsockname() as [string, number];
    const client = tracked();
    client.setblocking(false);
    await expectRaises(
      () => client.connect(address),
      BlockingIOError,
      "[Errno 115] Operation now in progress",
      115,
    );
    expect(await finishConnect(client, address)).toBe(0);
    expect(await client.connect_ex(address)).toBe(106);
    const [conn, peer] = await srv.accept();
    track(conn);
    expect(peer).toEqual(client.getsockname());
  });

  test("connect_ex returns 115 at first", async () => {
    const srv = await listener();
    const address = srv.getsockname() as [string, number];
    const client = tracked();
    client.setblocking(false);
    expect(await client.connect_ex(address)).toBe(115);
    expect(await finishConnect(client, address)).toBe(0);
    expect(await client.connect_ex(address)).toBe(106);
  });

  test("recv while the connect is in progress: BlockingIOError 11", async () => {
    const srv = await listener();
    const client = tracked();
    client.setblocking(false);
    expect(await client.connect_ex(srv.getsockname())).toBe(115);
    await expectRaises(() => client.recv(1), BlockingIOError, EAGAIN_MESSAGE, 11);
  });

  test("a blocking connect after a non-blocking one waits for it", async () => {
    const srv = await listener();
    const address = srv.getsockname() as [string, number];
    const client = tracked();
    client.setblocking(false);
    expect(await client.connect_ex(address)).toBe(115);
    client.setblocking(true);
    expect(await client.connect(address)).toBeUndefined();
    await client.sendall(bytes("hi"));
    const [conn] = await srv.accept();
    track(conn);
    expect((await conn.recv(2, MSG_WAITALL)).toString()).toBe("hi");
  });

  test("a refused non-blocking connect reports 111 on the next connect_ex", async () => {
    const probe = tracked();
    await probe.bind(["127.0.0.1", 0]);
    const address = probe.getsockname() as [string, number];
    probe.close();
    const client = tracked();
    client.setblocking(false);
    expect(await client.connect_ex(address)).toBe(115);
    expect(await finishConnect(client, address)).toBe(111);
  });
});
