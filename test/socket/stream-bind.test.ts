import { describe, expect, test } from "bun:test";
import { OSError } from "../../src/index.ts";
import { expectRaises, listener, portOf, track, tracked } from "../_helpers.ts";

describe("bind and getsockname", () => {
  test("an unbound socket reports ('0.0.0.0', 0)", () => {
    expect(tracked().getsockname()).toEqual(["0.0.0.0", 0]);
  });

  test("port 0 picks an ephemeral port", async () => {
    const sock = tracked();
    await sock.bind(["127.0.0.1", 0]);
    const [host, port] = sock.getsockname() as [string, number];
    expect(host).toBe("127.0.0.1");
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThanOrEqual(65535);
  });

  test.each([
    ["", "0.0.0.0"],
    ["localhost", "127.0.0.1"],
    ["127.0.0.1", "127.0.0.1"],
  ])("bind((%p, 0)) reports %p", async (host, reported) => {
    const sock = tracked();
    await sock.bind([host, 0]);
    expect(sock.getsockname()).toEqual([reported, portOf(sock.getsockname())]);
    expect(portOf(sock.getsockname())).toBeGreaterThan(0);
  });

  test("bind resolves with undefined", async () => {
    expect(await tracked().bind(["127.0.0.1", 0])).toBeUndefined();
  });
});

describe("bind errors", () => {
  test("a port in use: bind itself raises errno 98", async () => {
    const taken = tracked();
    await taken.bind(["127.0.0.1", 0]);
    const sock = tracked();
    await expectRaises(
      () => sock.bind(taken.getsockname()),
      OSError,
      "[Errno 98] Address already in use",
      98,
    );
  });

  test("a port a listener holds: errno 98", async () => {
    const srv = await listener();
    await expectRaises(
      () => tracked().bind(srv.getsockname()),
      OSError,
      "[Errno 98] Address already in use",
      98,
    );
  });

  test("binding twice: errno 22", async () => {
    const sock = tracked();
    await sock.bind(["127.0.0.1", 0]);
    await expectRaises(
      () => sock.bind(["127.0.0.1", 0]),
      OSError,
      "[Errno 22] Invalid argument",
      22,
    );
  });

  test("binding a connected socket: errno 22", async () => {
    const srv = await listener();
    const client = tracked();
    await client.connect(srv.getsockname());
    await expectRaises(
      () => client.bind(["127.0.0.1", 0]),
      OSError,
      "[Errno 22] Invalid argument",
      22,
    );
  });

  test("an address this host does not have: errno 99", async () => {
    await expectRaises(
      () => tracked().bind(["192.0.2.1", 0]),
      OSError,
      "[Errno 99] Cannot assign requested address",
      99,
    );
  });

  test("a failed bind leaves the socket unbound and usable", async () => {
    const taken = tracked();
    await taken.bind(["127.0.0.1", 0]);
    const sock = tracked();
    await expectRaises(
      () => sock.bind(taken.getsockname()),
      OSError,
      "[Errno 98] Address already in use",
      98,
    );
    expect(sock.getsockname()).toEqual(["0.0.0.0", 0]);
    await sock.bind(["127.0.0.1", 0]);
    expect(portOf(sock.getsockname())).toBeGreaterThan(0);
  });
});

describe("bind then connect", () => {
  test("the connection leaves from the bound address and port", async () => {
    const srv = await listener();
    const client = tracked();
    await client.bind(["127.0.0.1", 0]);
    const bound = client.getsockname();
    await client.connect(srv.getsockname());
    expect(client.getsockname()).toEqual(bound);
    const [conn, address] = await srv.accept();
    track(conn);
    expect(address).toEqual(bound);
    expect(conn.getpeername()).toEqual(bound);
  });

  test("an unbound client gets an ephemeral port of its own", async () => {
    const srv = await listener();
    const client = tracked();
    await client.connect(srv.getsockname());
    const [host, port] = client.getsockname() as [string, number];
    expect(host).toBe("127.0.0.1");
    expect(port).toBeGreaterThan(0);
    expect(port).not.toBe(portOf(srv.getsockname()));
  });
});
