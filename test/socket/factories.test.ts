/**
 * Python's convenience constructors: create_connection (every getaddrinfo result in turn, with
 * all_errors), create_server (SO_REUSEADDR, IPV6_V6ONLY, dual stack, its bind message),
 * has_dualstack_ipv6 and socketpair.
 */
import { describe, expect, test } from "bun:test";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  ConnectionRefusedError,
  create_connection,
  create_server,
  getdefaulttimeout,
  has_dualstack_ipv6,
  type InetAddress,
  IPPROTO_IPV6,
  IPV6_V6ONLY,
  OSError,
  SHUT_WR,
  SO_REUSEADDR,
  SOCK_STREAM,
  SOL_SOCKET,
  type Socket,
  socketpair,
  ValueError,
} from "../../src/index.ts";
import { bytes, closedPort, expectRaises, listener, recvAll, track } from "../_helpers.ts";

const addressOf = (sock: Socket) => sock.getsockname() as InetAddress;
const portOf = (sock: Socket) => addressOf(sock)[1];

/** Accepts one connection on `srv`, closed after the test. */
async function acceptOne(srv: Socket) {
  const [conn, peer] = await srv.accept();
  return [track(conn), peer] as const;
}

describe("create_connection", () => {
  test("connects to 'localhost' and talks", async () => {
    const srv = await listener();
    const client = track(await create_connection(["localhost", portOf(srv)]));
    const [conn] = await acceptOne(srv);
    expect(client.getpeername()).toEqual(addressOf(srv));
    expect([client.family, client.type]).toEqual([AF_INET, SOCK_STREAM]);
    await client.sendall(bytes("hello"));
    expect((await conn.recv(10)).toString()).toBe("hello");
  });

  test("connects over IPv6 to '::1'", async () => {
    const srv = await listener(AF_INET6, "::1");
    const client = track(await create_connection(["::1", portOf(srv)]));
    expect(client.family).toBe(AF_INET6);
    expect(client.getpeername()).toEqual(addressOf(srv));
  });

  test("the timeout sticks to the socket; without one it is the default", async () => {
    const srv = await listener();
    const timed = track(await create_connection(["127.0.0.1", portOf(srv)], 2.5));
    expect(timed.gettimeout()).toBe(2.5);
    const blocking = track(await create_connection(["127.0.0.1", portOf(srv)], null));
    expect(blocking.gettimeout()).toBeNull();
    const plain = track(await create_connection(["127.0.0.1", portOf(srv)]));
    expect(plain.gettimeout()).toBe(getdefaulttimeout());
  });

  test("source_address sets the local address and port", async () => {
    const srv = await listener();
    const sourcePort = await closedPort();
    const client = track(
      await create_connection(["127.0.0.1", portOf(srv)], null, ["127.0.0.1", sourcePort]),
    );
    expect(client.getsockname()).toEqual(["127.0.0.1", sourcePort]);
    const [, peer] = await acceptOne(srv);
    expect(peer).toEqual(["127.0.0.1", sourcePort]);
  });

  test("refused: the ConnectionRefusedError itself", async () => {
    const port = await closedPort();
    await expectRaises(
      () => create_connection(["127.0.0.1", port]),
      ConnectionRefusedError,
      "[Errno 111] Connection refused",
      111,
    );
  });

  test("all_errors: an AggregateError holding every attempt's OSError", async () => {
    const port = await closedPort();
    const err = await expectRaises(
      () => create_connection(["localhost", port], undefined, undefined, { all_errors: true }),
      AggregateError,
      "create_connection failed",
    );
    const { errors } = err as AggregateError;
    expect(errors.length).toBeGreaterThanOrEqual(1);
    for (const attempt of errors) {
      expect(attempt).toBeInstanceOf(OSError);
      expect(attempt).toBeInstanceOf(ConnectionRefusedError);
      expect(attempt.errno).toBe(111);
    }
  });
});

describe("create_server", () => {
  test("listens with SO_REUSEADDR set", async () => {
    const srv = track(await create_server(["127.0.0.1", 0]));
    expect(srv.getsockopt(SOL_SOCKET, SO_REUSEADDR)).toBe(1);
    expect(addressOf(srv)[0]).toBe("127.0.0.1");
    const client = track(await create_connection(["127.0.0.1", portOf(srv)]));
    const [conn, peer] = await acceptOne(srv);
    expect(peer).toEqual(addressOf(client));
    expect(conn.getsockname()).toEqual(addressOf(srv));
  });

  test("AF_INET6: IPV6_V6ONLY is 1, so IPv4 clients are refused", async () => {
    const srv = track(await create_server(["::", 0], { family: AF_INET6 }));
    expect(srv.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY)).toBe(1);
    await expectRaises(
      () => create_connection(["127.0.0.1", portOf(srv)]),
      ConnectionRefusedError,
      "[Errno 111] Connection refused",
    );
  });

  test("dualstack_ipv6: IPV6_V6ONLY 0, a v4 client shows as ::ffff:127.0.0.1", async () => {
    const srv = track(await create_server(["::", 0], { family: AF_INET6, dualstack_ipv6: true }));
    expect(srv.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY)).toBe(0);
    const client = track(await create_connection(["127.0.0.1", portOf(srv)]));
    expect(client.family).toBe(AF_INET);
    const [conn, peer] = await acceptOne(srv);
    expect(peer).toEqual(["::ffff:127.0.0.1", portOf(client), 0, 0]);
    await client.sendall(bytes("v4 to v6"));
    expect((await conn.recv(10)).toString()).toBe("v4 to v6");
  });

  test("backlog is passed to listen()", async () => {
    const srv = track(await create_server(["127.0.0.1", 0], { backlog: 0 }));
    const client = track(await create_connection(["127.0.0.1", portOf(srv)]));
    const [, peer] = await acceptOne(srv);
    expect(peer).toEqual(addressOf(client));
  });

  test.each([
    ["AF_INET", AF_INET, "127.0.0.1", (p: number) => `('127.0.0.1', ${p})`],
    ["AF_INET6", AF_INET6, "::1", (p: number) => `('::1', ${p})`],
  ] as const)(
    "%s: a taken port names the address in the message",
    async (_n, family, host, shown) => {
      const first = track(await create_server([host, 0], { family }));
      const port = portOf(first);
      await expectRaises(
        () => create_server([host, port], { family }),
        OSError,
        `[Errno 98] Address already in use (while attempting to bind on address ${shown(port)})`,
        98,
      );
    },
  );

  test("dualstack_ipv6 with AF_INET: ValueError", async () => {
    await expectRaises(
      () => create_server(["127.0.0.1", 0], { dualstack_ipv6: true }),
      ValueError,
      "dualstack_ipv6 requires AF_INET6 family",
    );
  });

  test("has_dualstack_ipv6() is a boolean", () => {
    expect(typeof has_dualstack_ipv6()).toBe("boolean");
  });
});

describe("socketpair", () => {
  test("two connected AF_UNIX stream sockets", async () => {
    const [a, b] = (await socketpair()).map(track) as [Socket, Socket];
    for (const sock of [a, b]) {
      expect([sock.family, sock.type, sock.proto]).toEqual([AF_UNIX, SOCK_STREAM, 0]);
    }
  });

  test("data flows both ways", async () => {
    const [a, b] = (await socketpair()).map(track) as [Socket, Socket];
    await a.sendall(bytes("a to b"));
    expect((await b.recv(10)).toString()).toBe("a to b");
    await b.sendall(bytes("b to a"));
    expect((await a.recv(10)).toString()).toBe("b to a");
  });

  test("half-close: the other end reads EOF and can still answer", async () => {
    const [a, b] = (await socketpair()).map(track) as [Socket, Socket];
    await a.sendall(bytes("request"));
    a.shutdown(SHUT_WR);
    expect((await recvAll(b)).toString()).toBe("request");
    await b.sendall(bytes("reply"));
    b.close();
    expect((await recvAll(a)).toString()).toBe("reply");
  });

  test("each call gives a new, independent pair", async () => {
    const [a1, b1] = (await socketpair()).map(track) as [Socket, Socket];
    const [a2, b2] = (await socketpair()).map(track) as [Socket, Socket];
    await a1.sendall(bytes("one"));
    await a2.sendall(bytes("two"));
    expect((await b2.recv(10)).toString()).toBe("two");
    expect((await b1.recv(10)).toString()).toBe("one");
  });

  test("socketpair(AF_INET): OSError 95", async () => {
    await expectRaises(
      () => socketpair(AF_INET),
      OSError,
      "[Errno 95] Operation not supported",
      95,
    );
  });
});
