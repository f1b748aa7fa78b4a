/**
 * SOCK_DGRAM over loopback: what a datagram is (boundaries, empty ones, peeking), the address
 * tuples recvfrom gives, connected sockets, and the options a UDP socket answers. Mistakes and
 * waits are in datagram-errors.test.ts, the receive queue's bound in datagram-queue.test.ts.
 */
import { describe, expect, test } from "bun:test";
import {
  AF_INET,
  AF_INET6,
  BlockingIOError,
  type InetAddress,
  MSG_PEEK,
  SO_BROADCAST,
  SO_TYPE,
  SOCK_DGRAM,
  SOL_SOCKET,
  type Socket,
} from "../../src/index.ts";
import { bytes, expectRaises, tracked } from "../_helpers.ts";

/** A UDP socket bound to port 0 on a loopback address, closed after the test. */
async function udp(family = AF_INET, host = family === AF_INET6 ? "::1" : "127.0.0.1") {
  const sock = tracked(family, SOCK_DGRAM);
  await sock.bind([host, 0]);
  return sock;
}

const addressOf = (sock: Socket) => sock.getsockname() as InetAddress;
const text = (data: Uint8Array) => Buffer.from(data).toString();

const FAMILIES = [
  { name: "AF_INET", family: AF_INET, host: "127.0.0.1" },
  { name: "AF_INET6", family: AF_INET6, host: "::1" },
];

describe("sendto / recvfrom", () => {
  test.each(FAMILIES)("$name: sendto returns the length, recvfrom the sender", async (f) => {
    const [server, client] = [await udp(f.family), await udp(f.family)];
    expect(await client.sendto(bytes("hello"), addressOf(server))).toBe(5);
    const [data, sender] = await server.recvfrom(100);
    expect(text(data)).toBe("hello");
    expect(sender).toEqual(addressOf(client));
    // An AF_INET6 sender is a 4-tuple (host, port, flowinfo, scope_id), as in Python.
    const port = addressOf(client)[1];
    expect(sender).toEqual(f.family === AF_INET6 ? [f.host, port, 0, 0] : [f.host, port]);
  });

  test("sendto(data, flags, address) is the three-argument form", async () => {
    const [server, client] = [await udp(), await udp()];
    expect(await client.sendto(bytes("flags"), 0, addressOf(server))).toBe(5);
    expect(text(await server.recv(100))).toBe("flags");
  });

  test("an AF_INET6 destination may be a 2-tuple", async () => {
    const [server, client] = [await udp(AF_INET6), await udp(AF_INET6)];
    const [host, port] = addressOf(server);
    expect(await client.sendto(bytes("v6"), [host, port])).toBe(2);
    expect(await server.recvfrom(10)).toEqual([Buffer.from("v6"), addressOf(client)]);
  });

  test("recv and recv_into return the payload alone", async () => {
    const [server, client] = [await udp(), await udp()];
    await client.sendto(bytes("one"), addressOf(server));
    await client.sendto(bytes("two"), addressOf(server));
    expect(text(await server.recv(10))).toBe("one");
    const buffer = Buffer.alloc(10);
    expect(await server.recv_into(buffer)).toBe(3);
    expect(text(buffer.subarray(0, 3))).toBe("two");
  });

  test("recvfrom_into fills the buffer and names the sender", async () => {
    const [server, client] = [await udp(), await udp()];
    await client.sendto(bytes("into"), addressOf(server));
    const buffer = Buffer.alloc(8);
    expect(await server.recvfrom_into(buffer)).toEqual([4, addressOf(client)]);
    expect(text(buffer.subarray(0, 4))).toBe("into");
  });

  test("datagrams from several senders arrive in order with their own addresses", async () => {
    const server = await udp();
    const clients = [await udp(), await udp(), await udp()];
    for (const [i, client] of clients.entries()) {
      await client.sendto(bytes(`from ${i}`), addressOf(server));
    }
    for (const [i, client] of clients.entries()) {
      expect(await server.recvfrom(100)).toEqual([Buffer.from(`from ${i}`), addressOf(client)]);
    }
  });
});

describe("datagram boundaries", () => {
  test("recvfrom(4) of a 10-byte datagram gives 4 bytes; the next call the next datagram", async () => {
    const [server, client] = [await udp(), await udp()];
    await client.sendto(bytes("0123456789"), addressOf(server));
    await client.sendto(bytes("next"), addressOf(server));
    expect(text((await server.recvfrom(4))[0])).toBe("0123");
    expect(text((await server.recvfrom(100))[0])).toBe("next");
  });

  test("recv_into(buffer, 2) truncates and drops the rest too", async () => {
    const [server, client] = [await udp(), await udp()];
    await client.sendto(bytes("abcdef"), addressOf(server));
    await client.sendto(bytes("gh"), addressOf(server));
    const buffer = Buffer.alloc(8);
    expect(await server.recv_into(buffer, 2)).toBe(2);
    expect(text(buffer.subarray(0, 2))).toBe("ab");
    expect(text(await server.recv(8))).toBe("gh");
  });

  test("an empty datagram is [empty, address], not EOF", async () => {
    const [server, client] = [await udp(), await udp()];
    expect(await client.sendto(new Uint8Array(0), addressOf(server))).toBe(0);
    await client.sendto(bytes("after"), addressOf(server));
    const [data, sender] = await server.recvfrom(10);
    expect(data.length).toBe(0);
    expect(sender).toEqual(addressOf(client));
    expect(text(await server.recv(10))).toBe("after");
  });

  test("MSG_PEEK returns the datagram without consuming it", async () => {
    const [server, client] = [await udp(), await udp()];
    await client.sendto(bytes("peeked"), addressOf(server));
    expect(await server.recvfrom(3, MSG_PEEK)).toEqual([Buffer.from("pee"), addressOf(client)]);
    expect(text(await server.recv(100, MSG_PEEK))).toBe("peeked");
    expect(text(await server.recv(100))).toBe("peeked");
    server.setblocking(false);
    await expectRaises(
      () => server.recv(100),
      BlockingIOError,
      "[Errno 11] Resource temporarily unavailable",
      11,
    );
  });

  test("the largest IPv4 datagram, 65507 bytes, arrives whole", async () => {
    const [server, client] = [await udp(), await udp()];
    const payload = Buffer.alloc(65507, 0x5a);
    payload.writeUInt32BE(0xdeadbeef, 65503);
    expect(await client.sendto(payload, addressOf(server))).toBe(65507);
    expect(Buffer.compare(await server.recv(65536), payload)).toBe(0);
  });
});

describe("connected datagram sockets", () => {
  test.each(FAMILIES)("$name: send and recv talk to the peer", async (f) => {
    const server = await udp(f.family);
    const client = tracked(f.family, SOCK_DGRAM);
    await client.connect(addressOf(server));
    expect(client.getpeername()).toEqual(addressOf(server));
    // connect() binds an unbound socket to the loopback address that routes to the peer.
    expect(addressOf(client)[0]).toBe(f.host);
    expect(await client.send(bytes("ping"))).toBe(4);
    const [data, sender] = await server.recvfrom(10);
    expect(text(data)).toBe("ping");
    expect(sender).toEqual(addressOf(client));
    await server.sendto(bytes("pong"), sender as InetAddress);
    expect(await client.recvfrom(10)).toEqual([Buffer.from("pong"), addressOf(server)]);
  });

  test("datagrams from other senders are ignored", async () => {
    const [server, client, intruder] = [await udp(), await udp(), await udp()];
    const local = addressOf(client);
    await client.connect(addressOf(server));
    expect(addressOf(client)).toEqual(local);
    // Sent first: it would be read first if the kernel let it through.
    await intruder.sendto(bytes("intruder"), local);
    await server.sendto(bytes("peer"), local);
    expect(await client.recvfrom(100)).toEqual([Buffer.from("peer"), addressOf(server)]);
    client.setblocking(false);
    await expectRaises(
      () => client.recv(100),
      BlockingIOError,
      "[Errno 11] Resource temporarily unavailable",
      11,
    );
  });

  test("sendall on a connected socket sends one datagram", async () => {
    const server = await udp();
    const client = tracked(AF_INET, SOCK_DGRAM);
    await client.connect(addressOf(server));
    await client.sendall(bytes("whole"));
    expect(text(await server.recv(100))).toBe("whole");
  });
});

describe("addresses and options", () => {
  test("an unbound socket reads ('0.0.0.0', 0); sendto binds it to an ephemeral port", async () => {
    const server = await udp();
    const client = tracked(AF_INET, SOCK_DGRAM);
    expect(client.getsockname()).toEqual(["0.0.0.0", 0]);
    await client.sendto(bytes("x"), addressOf(server));
    const [host, port] = addressOf(client);
    expect(host).toBe("0.0.0.0");
    expect(port).toBeGreaterThan(0);
    // The sender the server sees is the same port, from the loopback address.
    expect(await server.recvfrom(1)).toEqual([Buffer.from("x"), ["127.0.0.1", port]]);
  });

  test("an unbound AF_INET6 socket reads ('::', 0, 0, 0)", () => {
    expect(tracked(AF_INET6, SOCK_DGRAM).getsockname()).toEqual(["::", 0, 0, 0]);
  });

  test("bind(['', 0]) is the wildcard address", async () => {
    const sock = tracked(AF_INET, SOCK_DGRAM);
    await sock.bind(["", 0]);
    expect(addressOf(sock)[0]).toBe("0.0.0.0");
  });

  test("SO_TYPE is SOCK_DGRAM (2)", () => {
    expect(tracked(AF_INET, SOCK_DGRAM).getsockopt(SOL_SOCKET, SO_TYPE)).toBe(2);
    expect(tracked(AF_INET6, SOCK_DGRAM).getsockopt(SOL_SOCKET, SO_TYPE)).toBe(2);
  });

  test("SO_BROADCAST is 0 until set, then 1; set before and after bind", async () => {
    const sock = tracked(AF_INET, SOCK_DGRAM);
    expect(sock.getsockopt(SOL_SOCKET, SO_BROADCAST)).toBe(0);
    sock.setsockopt(SOL_SOCKET, SO_BROADCAST, 1);
    expect(sock.getsockopt(SOL_SOCKET, SO_BROADCAST)).toBe(1);
    await sock.bind(["127.0.0.1", 0]);
    expect(sock.getsockopt(SOL_SOCKET, SO_BROADCAST)).toBe(1);
    sock.setsockopt(SOL_SOCKET, SO_BROADCAST, 0);
    expect(sock.getsockopt(SOL_SOCKET, SO_BROADCAST)).toBe(0);
  });

  test("family, type and proto are what was asked", () => {
    const sock = tracked(AF_INET6, SOCK_DGRAM);
    expect([sock.family, sock.type, sock.proto]).toEqual([AF_INET6, SOCK_DGRAM, 0]);
  });
});
