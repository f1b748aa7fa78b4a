import { describe, expect, test } from "bun:test";
import {
  AF_INET,
  BrokenPipeError,
  ConnectionError,
  ConnectionRefusedError,
  ConnectionResetError,
  MSG_PEEK,
  OSError,
  SHUT_RDWR,
  SO_REUSEADDR,
  SOL_SOCKET,
  type Socket,
  socket,
} from "../../src/index.ts";
import { bytes, closedPort, connectedPair, expectRaises, listener, tracked } from "../_helpers.ts";

const EBADF = "[Errno 9] Bad file descriptor";
const ENOTCONN = "[Errno 107] Transport endpoint is not connected";
const EISCONN = "[Errno 106] Transport endpoint is already connected";

describe("connect errors", () => {
  test("a closed port: ConnectionRefusedError 111", async () => {
    const port = await closedPort();
    const err = await expectRaises(
      () => tracked().connect(["127.0.0.1", port]),
      ConnectionRefusedError,
      "[Errno 111] Connection refused",
      111,
    );
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err).toBeInstanceOf(OSError);
    expect((err as OSError).strerror).toBe("Connection refused");
  });

  test("connect_ex to a closed port returns 111, and the socket can try again", async () => {
    const port = await closedPort();
    const client = tracked();
    expect(await client.connect_ex(["127.0.0.1", port])).toBe(111);
    const srv = await listener();
    expect(await client.connect_ex(srv.getsockname())).toBe(0);
  });

  test("connecting a connected socket: errno 106; connect_ex returns 106", async () => {
    const [client, conn] = await connectedPair();
    const address = conn.getsockname();
    await expectRaises(() => client.connect(address), OSError, EISCONN, 106);
    expect(await client.connect_ex(address)).toBe(106);
  });

  test("connecting a listening socket: errno 106", async () => {
    const srv = await listener();
    await expectRaises(() => srv.connect(srv.getsockname()), OSError, EISCONN, 106);
  });
});

describe("the peer goes away", () => {
  test("peer closes with unread data (RST): recv raises ConnectionResetError 104, then EOF", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("never read"));
    await conn.recv(1, MSG_PEEK);
    conn.close();
    const err = await expectRaises(
      () => client.recv(10),
      ConnectionResetError,
      "[Errno 104] Connection reset by peer",
      104,
    );
    expect(err).toBeInstanceOf(ConnectionError);
    expect((await client.recv(10)).length).toBe(0);
    expect((await client.recv(10)).length).toBe(0);
  });

  test("peer closed normally: recv is EOF, and sending soon raises BrokenPipeError 32", async () => {
    const [client, conn] = await connectedPair();
    conn.close();
    expect((await client.recv(10)).length).toBe(0);
    const chunk = new Uint8Array(64 * 1024);
    // The first sends may succeed; the peer answers them with RST and then the pipe is broken.
    await expectRaises(
      async () => {
        for (let i = 0; i < 10_000; i++) await client.send(chunk);
      },
      BrokenPipeError,
      "[Errno 32] Broken pipe",
      32,
    );
  });

  test("peer closed normally: sendall of a large buffer raises BrokenPipeError 32", async () => {
    const [client, conn] = await connectedPair();
    conn.close();
    await expectRaises(
      () => client.sendall(new Uint8Array(32 * 1024 * 1024)),
      BrokenPipeError,
      "[Errno 32] Broken pipe",
      32,
    );
  });
});

describe("unconnected sockets", () => {
  test("send and sendall: BrokenPipeError 32", async () => {
    const sock = tracked();
    await expectRaises(() => sock.send(bytes("x")), BrokenPipeError, "[Errno 32] Broken pipe", 32);
    await expectRaises(
      () => sock.sendall(bytes("x")),
      BrokenPipeError,
      "[Errno 32] Broken pipe",
      32,
    );
  });

  test.each(["fresh", "bound", "listening"])(
    "%s: recv and getpeername raise errno 107",
    async (state) => {
      const sock = state === "listening" ? await listener() : tracked();
      if (state === "bound") await sock.bind(["127.0.0.1", 0]);
      await expectRaises(() => sock.recv(1), OSError, ENOTCONN, 107);
      await expectRaises(() => sock.recvfrom(1), OSError, ENOTCONN, 107);
      await expectRaises(() => sock.getpeername(), OSError, ENOTCONN, 107);
    },
  );

  test("a listening socket cannot send: BrokenPipeError 32", async () => {
    const srv = await listener();
    await expectRaises(() => srv.send(bytes("x")), BrokenPipeError, "[Errno 32] Broken pipe", 32);
  });
});

describe("closed sockets", () => {
  /** A connected client, then closed: each operation must now raise EBADF. */
  async function closedClient(): Promise<Socket> {
    const [client] = await connectedPair();
    client.close();
    return client;
  }

  const operations: [string, (s: Socket) => unknown][] = [
    ["bind", (s) => s.bind(["127.0.0.1", 0])],
    ["listen", (s) => s.listen()],
    ["accept", (s) => s.accept()],
    ["connect", (s) => s.connect(["127.0.0.1", 9])],
    ["send", (s) => s.send(bytes("x"))],
    ["send(empty)", (s) => s.send(new Uint8Array(0))],
    ["sendall", (s) => s.sendall(bytes("x"))],
    ["recv", (s) => s.recv(1)],
    ["recv_into", (s) => s.recv_into(Buffer.alloc(4))],
    ["recvfrom", (s) => s.recvfrom(1)],
    ["recvfrom_into", (s) => s.recvfrom_into(Buffer.alloc(4))],
    ["shutdown", (s) => s.shutdown(SHUT_RDWR)],
    ["getsockname", (s) => s.getsockname()],
    ["getpeername", (s) => s.getpeername()],
    ["setsockopt", (s) => s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)],
    ["getsockopt", (s) => s.getsockopt(SOL_SOCKET, SO_REUSEADDR)],
  ];

  test.each(operations)("%s: OSError 9", async (_name, operation) => {
    const sock = await closedClient();
    await expectRaises(() => operation(sock), OSError, EBADF, 9);
  });

  test.each(operations)("%s on a never-used socket after close: OSError 9", async (_name, op) => {
    const sock = socket();
    sock.close();
    await expectRaises(() => op(sock), OSError, EBADF, 9);
  });

  test("connect_ex returns 9", async () => {
    const sock = await closedClient();
    expect(await sock.connect_ex(["127.0.0.1", 9])).toBe(9);
  });

  test("fileno() is -1, a second close is a no-op, family/type/proto stay readable", async () => {
    const sock = await closedClient();
    expect(sock.fileno()).toBe(-1);
    expect(sock.close()).toBeUndefined();
    expect([sock.family, sock.type, sock.proto]).toEqual([AF_INET, 1, 0]);
  });

  test("closing a socket wakes a pending recv with OSError 9", async () => {
    const [, conn] = await connectedPair();
    const pending = conn.recv(10);
    conn.close();
    await expectRaises(() => pending, OSError, EBADF, 9);
  });

  test("closing a listener wakes a pending accept with OSError 9", async () => {
    const srv = await listener();
    const pending = srv.accept();
    srv.close();
    await expectRaises(() => pending, OSError, EBADF, 9);
  });
});
