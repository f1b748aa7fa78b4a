/**
 * SOCK_DGRAM mistakes and waits: Python's class, errno and exact message for each, timeouts and
 * non-blocking reads, ICMP "port unreachable" on a connected socket, and AF_UNIX datagrams,
 * which Bun cannot make.
 */
import { describe, expect, test } from "bun:test";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  BlockingIOError,
  ConnectionRefusedError,
  type InetAddress,
  MSG_DONTWAIT,
  OSError,
  SOCK_DGRAM,
  Socket,
  socket,
  TimeoutError,
  ValueError,
} from "../../src/index.ts";
import { bytes, closedPort, expectRaises, tracked } from "../_helpers.ts";

const EAGAIN = "[Errno 11] Resource temporarily unavailable";

async function udp(family = AF_INET, host = family === AF_INET6 ? "::1" : "127.0.0.1") {
  const sock = tracked(family, SOCK_DGRAM);
  await sock.bind([host, 0]);
  return sock;
}

const addressOf = (sock: Socket) => sock.getsockname() as InetAddress;

describe("unconnected", () => {
  test("send: OSError 89, and the socket is bound all the same (as on Linux)", async () => {
    const sock = tracked(AF_INET, SOCK_DGRAM);
    await expectRaises(
      () => sock.send(bytes("x")),
      OSError,
      "[Errno 89] Destination address required",
      89,
    );
    expect(addressOf(sock)[1]).toBeGreaterThan(0);
  });

  test("getpeername: OSError 107", async () => {
    const sock = await udp();
    await expectRaises(
      () => sock.getpeername(),
      OSError,
      "[Errno 107] Transport endpoint is not connected",
      107,
    );
  });

  test.each([
    ["listen", (s: Socket) => s.listen()],
    ["accept", (s: Socket) => s.accept()],
  ] as const)("%s: OSError 95", async (_name, call) => {
    const sock = await udp();
    await expectRaises(() => call(sock), OSError, "[Errno 95] Operation not supported", 95);
  });
});

describe("sendto limits", () => {
  test("65507 bytes is the largest IPv4 datagram; 65508 is OSError 90", async () => {
    const [server, client] = [await udp(), await udp()];
    expect(await client.sendto(new Uint8Array(65507), addressOf(server))).toBe(65507);
    await expectRaises(
      () => client.sendto(new Uint8Array(65508), addressOf(server)),
      OSError,
      "[Errno 90] Message too long",
      90,
    );
    // The refused datagram left nothing behind: the next one goes through.
    expect((await server.recv(70000)).length).toBe(65507);
    await client.sendto(bytes("after"), addressOf(server));
    expect((await server.recv(10)).toString()).toBe("after");
  });

  test("a refused first sendto still binds the socket, as Linux does", async () => {
    const client = tracked(AF_INET, SOCK_DGRAM);
    await expectRaises(
      () => client.sendto(new Uint8Array(65508), ["127.0.0.1", 9]),
      OSError,
      "[Errno 90] Message too long",
    );
    expect(client.getsockname()).toEqual(["0.0.0.0", expect.any(Number)]);
    expect(addressOf(client)[1]).toBeGreaterThan(0);
  });

  test("sendto port 0: OSError 22, after binding the socket", async () => {
    const client = tracked(AF_INET, SOCK_DGRAM);
    await expectRaises(
      () => client.sendto(bytes("x"), ["127.0.0.1", 0]),
      OSError,
      "[Errno 22] Invalid argument",
      22,
    );
    expect(addressOf(client)[1]).toBeGreaterThan(0);
  });

  test("recvfrom_into(bytearray(4), 8): ValueError", async () => {
    const sock = await udp();
    await expectRaises(
      () => sock.recvfrom_into(new Uint8Array(4), 8),
      ValueError,
      "nbytes is greater than the length of the buffer",
    );
  });
});

describe("waiting for a datagram", () => {
  test("settimeout(0.2): recv raises TimeoutError 'timed out' after about 0.2 s", async () => {
    const sock = await udp();
    sock.settimeout(0.2);
    const started = performance.now();
    await expectRaises(() => sock.recvfrom(10), TimeoutError, "timed out", null);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  test("a datagram arriving while recv waits is returned", async () => {
    const [server, client] = [await udp(), await udp()];
    server.settimeout(5);
    const waiting = server.recv(10);
    await client.sendto(bytes("late"), addressOf(server));
    expect((await waiting).toString()).toBe("late");
  });

  test("non-blocking: recv, recv_into and recvfrom raise BlockingIOError 11", async () => {
    const sock = await udp();
    sock.setblocking(false);
    await expectRaises(() => sock.recv(10), BlockingIOError, EAGAIN, 11);
    await expectRaises(() => sock.recv_into(new Uint8Array(4)), BlockingIOError, EAGAIN, 11);
    await expectRaises(() => sock.recvfrom(10), BlockingIOError, EAGAIN, 11);
  });

  test("MSG_DONTWAIT makes one call non-blocking", async () => {
    const sock = await udp();
    await expectRaises(() => sock.recv(10, MSG_DONTWAIT), BlockingIOError, EAGAIN, 11);
    expect(sock.getblocking()).toBe(true);
  });

  test("close() ends a recv that waits with OSError 9", async () => {
    const sock = await udp();
    const waiting = sock.recv(10);
    sock.close();
    await expectRaises(() => waiting, OSError, "[Errno 9] Bad file descriptor", 9);
  });
});

describe("connected to a port nobody listens on", () => {
  test.each([
    ["AF_INET", AF_INET, "127.0.0.1"],
    ["AF_INET6", AF_INET6, "::1"],
  ] as const)(
    "%s: send succeeds, then recv raises ConnectionRefusedError 111",
    async (_n, family, host) => {
      const port = await closedPort(family, host);
      const sock = tracked(family, SOCK_DGRAM);
      await sock.connect([host, port]);
      expect(await sock.send(bytes("anyone?"))).toBe(7);
      // No sleep: recv waits until the ICMP error comes back.
      await expectRaises(
        () => sock.recv(10),
        ConnectionRefusedError,
        "[Errno 111] Connection refused",
        111,
      );
    },
  );

  test("the error is reported once; the socket stays usable", async () => {
    const port = await closedPort();
    const sock = tracked(AF_INET, SOCK_DGRAM);
    await sock.connect(["127.0.0.1", port]);
    await sock.send(bytes("1"));
    await expectRaises(
      () => sock.recv(10),
      ConnectionRefusedError,
      "[Errno 111] Connection refused",
    );
    sock.setblocking(false);
    await expectRaises(() => sock.recv(10), BlockingIOError, EAGAIN, 11);
    // Reconnected to a live peer, it sends and receives.
    const peer = await udp();
    await sock.connect(addressOf(peer));
    sock.setblocking(true);
    expect(await sock.send(bytes("alive"))).toBe(5);
    const [data, sender] = await peer.recvfrom(10);
    expect(data.toString()).toBe("alive");
    await peer.sendto(bytes("back"), sender as InetAddress);
    expect((await sock.recv(10)).toString()).toBe("back");
  });

  test("an unconnected socket never hears of it", async () => {
    const port = await closedPort();
    const sock = await udp();
    await sock.sendto(bytes("lost"), ["127.0.0.1", port]);
    // A datagram sent after the bounce is the first thing recv returns.
    await sock.sendto(bytes("self"), addressOf(sock));
    expect((await sock.recv(10)).toString()).toBe("self");
  });
});

describe("AF_UNIX datagrams", () => {
  test("socket(AF_UNIX, SOCK_DGRAM): OSError 94 saying Bun has none", async () => {
    const err = await expectRaises(
      () => socket(AF_UNIX, SOCK_DGRAM),
      OSError,
      "[Errno 94] Socket type not supported (Bun.udpSocket has no AF_UNIX datagram mode)",
      94,
    );
    expect(err.message).toContain("AF_UNIX");
    expect(() => new Socket(AF_UNIX, SOCK_DGRAM)).toThrow(OSError);
  });
});
