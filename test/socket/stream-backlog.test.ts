import { describe, expect, test } from "bun:test";
import { ConnectionResetError, MSG_WAITALL, OSError, type Socket } from "../../src/index.ts";
import { bytes, expectRaises, listener, track, tracked } from "../_helpers.ts";

/** A client connected to `srv`. */
async function connectClient(srv: Socket): Promise<Socket> {
  const client = tracked();
  await client.connect(srv.getsockname());
  return client;
}

/** Connects `count` clients to `srv`, one after another. */
async function connectClients(srv: Socket, count: number): Promise<Socket[]> {
  const clients: Socket[] = [];
  for (let i = 0; i < count; i++) clients.push(await connectClient(srv));
  return clients;
}

/** What a client refused by a full backlog sees: a reset, then EOF. */
async function expectReset(client: Socket): Promise<void> {
  await expectRaises(
    () => client.recv(10),
    ConnectionResetError,
    "[Errno 104] Connection reset by peer",
    104,
  );
  expect((await client.recv(10)).length).toBe(0);
}

describe("listen backlog", () => {
  test.each([
    [0, 1],
    [1, 2],
    [2, 3],
    [-5, 1],
  ])("listen(%p): %p connections wait, the next is reset at once", async (backlog, waiting) => {
    const srv = await listener(undefined, undefined, backlog);
    const clients = await connectClients(srv, waiting + 1);
    await expectReset(clients[waiting] as Socket);
    for (const client of clients.slice(0, waiting)) {
      const [conn, address] = await srv.accept();
      track(conn);
      expect(address).toEqual(client.getsockname());
    }
  });

  test("waiting connections keep their data until accepted", async () => {
    const srv = await listener(undefined, undefined, 1);
    const first = await connectClient(srv);
    const second = await connectClient(srv);
    await first.sendall(bytes("one"));
    await second.sendall(bytes("two"));
    const [a] = await srv.accept();
    const [b] = await srv.accept();
    track(a);
    track(b);
    expect((await a.recv(3, MSG_WAITALL)).toString()).toBe("one");
    expect((await b.recv(3, MSG_WAITALL)).toString()).toBe("two");
  });

  test("accepting frees a place in the queue", async () => {
    const srv = await listener(undefined, undefined, 0);
    const first = await connectClient(srv);
    const [conn] = await srv.accept();
    track(conn);
    const second = await connectClient(srv);
    const [next, address] = await srv.accept();
    track(next);
    expect(address).toEqual(second.getsockname());
    expect(conn.getpeername()).toEqual(first.getsockname());
  });

  test("closing the listener resets connections not yet accepted", async () => {
    const srv = await listener();
    const client = await connectClient(srv);
    srv.close();
    await expectReset(client);
  });
});

describe("accept", () => {
  test("returns [conn, addr]: conn's ends mirror the client's", async () => {
    const srv = await listener();
    const client = await connectClient(srv);
    const [conn, address] = await srv.accept();
    track(conn);
    expect(address).toEqual(client.getsockname());
    expect(conn.getsockname()).toEqual(srv.getsockname());
    expect(conn.getpeername()).toEqual(client.getsockname());
    expect(client.getpeername()).toEqual(srv.getsockname());
    expect([conn.family, conn.type, conn.proto]).toEqual([srv.family, srv.type, srv.proto]);
  });

  test("an accept waiting before the client connects gets it", async () => {
    const srv = await listener();
    const pending = srv.accept();
    const client = tracked();
    await client.connect(srv.getsockname());
    const [conn, address] = await pending;
    track(conn);
    expect(address).toEqual(client.getsockname());
  });

  test("accept before listen: errno 22", async () => {
    const srv = tracked();
    await srv.bind(["127.0.0.1", 0]);
    await expectRaises(() => srv.accept(), OSError, "[Errno 22] Invalid argument", 22);
  });

  test("accept on a fresh socket: errno 22", async () => {
    await expectRaises(() => tracked().accept(), OSError, "[Errno 22] Invalid argument", 22);
  });

  test("listen without bind picks an ephemeral port on all addresses", async () => {
    const srv = tracked();
    srv.listen();
    const [host, port] = srv.getsockname() as [string, number];
    expect(host).toBe("0.0.0.0");
    expect(port).toBeGreaterThan(0);
    const client = tracked();
    await client.connect(["127.0.0.1", port]);
    const [conn] = await srv.accept();
    track(conn);
    expect(conn.getsockname()).toEqual(["127.0.0.1", port]);
  });
});
