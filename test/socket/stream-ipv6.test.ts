import { describe, expect, test } from "bun:test";
import { AF_INET, AF_INET6, IPPROTO_IPV6, IPV6_V6ONLY, MSG_WAITALL } from "../../src/index.ts";
import { bytes, connectedPair, listener, portOf, track, tracked } from "../_helpers.ts";

describe("AF_INET6 streams", () => {
  test("an unbound socket reports ('::', 0, 0, 0)", () => {
    expect(tracked(AF_INET6).getsockname()).toEqual(["::", 0, 0, 0]);
  });

  test("bind(('::1', 0)) reports ['::1', port, 0, 0]", async () => {
    const sock = tracked(AF_INET6);
    await sock.bind(["::1", 0]);
    const port = portOf(sock.getsockname());
    expect(port).toBeGreaterThan(0);
    expect(sock.getsockname()).toEqual(["::1", port, 0, 0]);
  });

  test("a 4-tuple is accepted on input", async () => {
    const sock = tracked(AF_INET6);
    await sock.bind(["::1", 0, 0, 0]);
    expect(sock.getsockname()[0]).toBe("::1");
  });

  test("accept gives a 4-tuple; both ends mirror each other", async () => {
    const srv = await listener(AF_INET6, "::1");
    const client = tracked(AF_INET6);
    const [host, port] = srv.getsockname() as [string, number];
    await client.connect([host, port]);
    const [conn, address] = await srv.accept();
    track(conn);
    expect(address).toHaveLength(4);
    expect(address).toEqual(["::1", portOf(client.getsockname()), 0, 0]);
    expect(client.getsockname()).toEqual(address);
    expect(conn.getsockname()).toEqual(srv.getsockname());
    expect(client.getpeername()).toEqual(["::1", port, 0, 0]);
  });

  test("data flows both ways over ::1", async () => {
    const [client, conn] = await connectedPair(AF_INET6, "::1");
    await client.sendall(bytes("six"));
    expect((await conn.recv(3, MSG_WAITALL)).toString()).toBe("six");
    await conn.sendall(bytes("back"));
    expect((await client.recv(4, MSG_WAITALL)).toString()).toBe("back");
  });

  test("bind(('', 0)) is the IPv6 wildcard", async () => {
    const sock = tracked(AF_INET6);
    await sock.bind(["", 0]);
    expect(sock.getsockname()).toEqual(["::", portOf(sock.getsockname()), 0, 0]);
  });
});

describe("dual stack", () => {
  test("a '::' listener sees an IPv4 client as ::ffff:127.0.0.1", async () => {
    const srv = await listener(AF_INET6, "::");
    const client = tracked(AF_INET);
    await client.connect(["127.0.0.1", portOf(srv.getsockname())]);
    const [conn, address] = await srv.accept();
    track(conn);
    expect(address).toEqual(["::ffff:127.0.0.1", portOf(client.getsockname()), 0, 0]);
    expect(conn.getpeername()).toEqual(address);
    expect(conn.getsockname()).toEqual(["::ffff:127.0.0.1", portOf(srv.getsockname()), 0, 0]);
    expect(client.getpeername()).toEqual(["127.0.0.1", portOf(srv.getsockname())]);
  });

  test("IPV6_V6ONLY is 0 by default, and 1 shuts IPv4 clients out", async () => {
    const srv = tracked(AF_INET6);
    expect(srv.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY)).toBe(0);
    srv.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 1);
    expect(srv.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY)).toBe(1);
    await srv.bind(["::", 0]);
    srv.listen();
    const client = tracked(AF_INET);
    expect(await client.connect_ex(["127.0.0.1", portOf(srv.getsockname())])).toBe(111);
  });
});
