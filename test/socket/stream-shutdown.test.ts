import { describe, expect, test } from "bun:test";
import {
  BrokenPipeError,
  MSG_WAITALL,
  OSError,
  SHUT_RD,
  SHUT_RDWR,
  SHUT_WR,
} from "../../src/index.ts";
import { bytes, connectedPair, expectRaises, listener, recvAll, tracked } from "../_helpers.ts";

describe("shutdown(SHUT_WR)", () => {
  test("the peer reads what was sent, then EOF every time", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("request"));
    client.shutdown(SHUT_WR);
    expect((await recvAll(conn)).toString()).toBe("request");
    expect((await conn.recv(10)).length).toBe(0);
    expect((await conn.recv(10)).length).toBe(0);
  });

  test("the peer can still send and we can still recv", async () => {
    const [client, conn] = await connectedPair();
    client.shutdown(SHUT_WR);
    expect((await conn.recv(10)).length).toBe(0);
    await conn.sendall(bytes("still open"));
    expect((await client.recv(10, MSG_WAITALL)).toString()).toBe("still open");
    conn.shutdown(SHUT_WR);
    expect((await client.recv(10)).length).toBe(0);
  });

  test("our send afterwards: BrokenPipeError 32", async () => {
    const [client] = await connectedPair();
    client.shutdown(SHUT_WR);
    await expectRaises(
      () => client.send(bytes("x")),
      BrokenPipeError,
      "[Errno 32] Broken pipe",
      32,
    );
    await expectRaises(
      () => client.sendall(bytes("x")),
      BrokenPipeError,
      "[Errno 32] Broken pipe",
      32,
    );
  });

  test("the addresses stay readable", async () => {
    const [client, conn] = await connectedPair();
    client.shutdown(SHUT_WR);
    expect(client.getpeername()).toEqual(conn.getsockname());
    expect(client.getsockname()).toEqual(conn.getpeername());
  });
});

describe("shutdown(SHUT_RD) and SHUT_RDWR", () => {
  test("after SHUT_RD recv returns EOF, and we can still send", async () => {
    const [client, conn] = await connectedPair();
    conn.shutdown(SHUT_RD);
    expect((await conn.recv(10)).length).toBe(0);
    await conn.sendall(bytes("out"));
    expect((await client.recv(3, MSG_WAITALL)).toString()).toBe("out");
  });

  test("SHUT_RDWR: the peer sees EOF; our recv is EOF and send BrokenPipeError", async () => {
    const [client, conn] = await connectedPair();
    client.shutdown(SHUT_RDWR);
    expect((await conn.recv(10)).length).toBe(0);
    expect((await client.recv(10)).length).toBe(0);
    await expectRaises(
      () => client.send(bytes("x")),
      BrokenPipeError,
      "[Errno 32] Broken pipe",
      32,
    );
  });

  test("SHUT_RDWR twice is fine", async () => {
    const [client] = await connectedPair();
    client.shutdown(SHUT_RDWR);
    expect(client.shutdown(SHUT_RDWR)).toBeUndefined();
  });
});

describe("shutdown errors", () => {
  test.each([SHUT_RD, SHUT_WR, SHUT_RDWR])("shutdown(%p) unconnected: errno 107", (how) => {
    const sock = tracked();
    return expectRaises(
      () => sock.shutdown(how),
      OSError,
      "[Errno 107] Transport endpoint is not connected",
      107,
    );
  });

  test.each([3, 5, -1])("shutdown(%p): errno 22, connected or not", async (how) => {
    const [client] = await connectedPair();
    await expectRaises(() => client.shutdown(how), OSError, "[Errno 22] Invalid argument", 22);
    await expectRaises(() => tracked().shutdown(how), OSError, "[Errno 22] Invalid argument", 22);
  });

  test("shutdown on a bound, unconnected socket: errno 107", async () => {
    const sock = tracked();
    await sock.bind(["127.0.0.1", 0]);
    await expectRaises(
      () => sock.shutdown(SHUT_RDWR),
      OSError,
      "[Errno 107] Transport endpoint is not connected",
      107,
    );
  });

  test('shutdown("1"): TypeError', async () => {
    const srv = await listener();
    const how = "1" as unknown as number;
    await expectRaises(
      () => srv.shutdown(how),
      TypeError,
      "'str' object cannot be interpreted as an integer",
    );
  });
});
