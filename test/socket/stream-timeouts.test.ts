import { afterEach, describe, expect, test } from "bun:test";
import {
  getdefaulttimeout,
  MSG_PEEK,
  MSG_WAITALL,
  OverflowError,
  type Socket,
  setdefaulttimeout,
  TimeoutError,
  ValueError,
} from "../../src/index.ts";
import { bytes, connectedPair, expectRaises, listener, track, tracked } from "../_helpers.ts";

afterEach(() => setdefaulttimeout(null));

/** Runs `action`, expects Python's socket timeout, and returns the milliseconds it took. */
async function timesOut(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await expectRaises(action, TimeoutError, "timed out", null);
  return performance.now() - start;
}

describe("timed operations", () => {
  test("recv with no data raises TimeoutError after the timeout", async () => {
    const [, conn] = await connectedPair();
    conn.settimeout(0.2);
    expect(await timesOut(() => conn.recv(10))).toBeGreaterThanOrEqual(150);
  });

  test("a timed-out recv loses nothing: later data still arrives", async () => {
    const [client, conn] = await connectedPair();
    conn.settimeout(0.05);
    await timesOut(() => conn.recv(10));
    await client.sendall(bytes("after"));
    expect((await conn.recv(5, MSG_WAITALL)).toString()).toBe("after");
  });

  test("recv returns data that arrives before the timeout", async () => {
    const [client, conn] = await connectedPair();
    conn.settimeout(30);
    const pending = conn.recv(10);
    await client.sendall(bytes("in time"));
    expect((await pending).toString()).toBe("in time");
  });

  test("accept with nobody connecting raises TimeoutError", async () => {
    const srv = await listener();
    srv.settimeout(0.2);
    expect(await timesOut(() => srv.accept())).toBeGreaterThanOrEqual(150);
  });

  test("sendall to a peer that never reads raises TimeoutError", async () => {
    const [client] = await connectedPair();
    client.settimeout(0.2);
    const big = new Uint8Array(64 * 1024 * 1024);
    expect(await timesOut(() => client.sendall(big))).toBeGreaterThanOrEqual(150);
  });

  test("with a timeout, MSG_WAITALL returns what is there, as in CPython", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("abc"));
    await conn.recv(3, MSG_PEEK | MSG_WAITALL);
    conn.settimeout(5);
    expect((await conn.recv(10, MSG_WAITALL)).toString()).toBe("abc");
    conn.settimeout(0.1);
    await timesOut(() => conn.recv(10, MSG_WAITALL));
  });
});

describe("settimeout, gettimeout, getblocking", () => {
  test("a new socket blocks: gettimeout() null, getblocking() true", () => {
    const sock = tracked();
    expect(sock.gettimeout()).toBeNull();
    expect(sock.getblocking()).toBe(true);
  });

  test.each([
    [0.5, 0.5, true],
    [1, 1, true],
    [0, 0, false],
    [null, null, true],
  ])("settimeout(%p): gettimeout() %p, getblocking() %p", (value, timeout, blocking) => {
    const sock = tracked();
    sock.settimeout(value);
    expect(sock.gettimeout()).toBe(timeout);
    expect(sock.getblocking()).toBe(blocking);
  });

  test.each([
    [false, 0],
    [true, null],
  ])("setblocking(%p): gettimeout() %p", (flag, timeout) => {
    const sock = tracked();
    sock.settimeout(2.5);
    sock.setblocking(flag);
    expect(sock.gettimeout()).toBe(timeout);
    expect(sock.getblocking()).toBe(flag);
  });

  test.each([
    [-1, ValueError, "Timeout value out of range"],
    [-0.001, ValueError, "Timeout value out of range"],
    [Number.NaN, ValueError, "Invalid value NaN (not a number)"],
    [1e300, OverflowError, "timestamp out of range for platform time_t"],
  ] as const)("settimeout(%p): %p", async (value, Class, message) => {
    const sock = tracked();
    sock.settimeout(3);
    await expectRaises(() => sock.settimeout(value), Class, message);
    expect(sock.gettimeout()).toBe(3);
  });

  test("settimeout('1'): TypeError", async () => {
    const value = "1" as unknown as number;
    await expectRaises(
      () => tracked().settimeout(value),
      TypeError,
      "'str' object cannot be interpreted as an integer",
    );
  });
});

describe("setdefaulttimeout", () => {
  test("applies to sockets created afterwards, not to existing ones", () => {
    const before = tracked();
    setdefaulttimeout(2);
    expect(getdefaulttimeout()).toBe(2);
    expect(tracked().gettimeout()).toBe(2);
    expect(before.gettimeout()).toBeNull();
  });

  test("accepted sockets take the default timeout, not the listener's", async () => {
    const srv = await listener();
    srv.settimeout(7);
    setdefaulttimeout(0.25);
    const client = tracked();
    await client.connect(srv.getsockname());
    const [conn] = await srv.accept();
    track(conn);
    expect(conn.gettimeout()).toBe(0.25);
    expect(client.gettimeout()).toBe(0.25);
  });

  test("a default timeout makes blocking calls time out", async () => {
    setdefaulttimeout(0.1);
    const srv = await listener();
    await timesOut(() => srv.accept());
  });

  test("accepted sockets block when the default is null, even from a non-blocking listener", async () => {
    const srv = await listener();
    const client = tracked();
    await client.connect(srv.getsockname());
    srv.setblocking(false);
    let accepted: Socket | undefined;
    for (let i = 0; i < 1000 && !accepted; i++) {
      accepted = await srv.accept().then(
        ([conn]) => track(conn),
        () => new Promise<undefined>((resolve) => setImmediate(resolve)),
      );
    }
    expect(accepted?.gettimeout()).toBeNull();
    expect(accepted?.getblocking()).toBe(true);
  });

  test("bad values are refused like settimeout's", async () => {
    await expectRaises(() => setdefaulttimeout(-1), ValueError, "Timeout value out of range");
    expect(getdefaulttimeout()).toBeNull();
  });
});
