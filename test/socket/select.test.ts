/**
 * select() over our sockets, as Python's select.select() reports them: readable listeners,
 * streams and datagram sockets, writable ones, polls and timeouts, and its argument errors.
 * Loops written against it, with python3 on the other side, are in select-interop.test.ts.
 */
import { describe, expect, test } from "bun:test";
import {
  AF_INET,
  BlockingIOError,
  type InetAddress,
  SO_ERROR,
  SOCK_DGRAM,
  SOL_SOCKET,
  type Socket,
  select,
  ValueError,
} from "../../src/index.ts";
import {
  bytes,
  closedPort,
  connectedPair,
  expectRaises,
  listener,
  track,
  tracked,
} from "../_helpers.ts";

const NOTHING: [never[], never[], never[]] = [[], [], []];
const addressOf = (sock: Socket) => sock.getsockname() as InetAddress;

async function udp() {
  const sock = tracked(AF_INET, SOCK_DGRAM);
  await sock.bind(["127.0.0.1", 0]);
  return sock;
}

describe("readable", () => {
  test("a listener, once a connection waits for accept()", async () => {
    const srv = await listener();
    expect(await select([srv], [], [], 0)).toEqual(NOTHING);
    const client = tracked();
    await client.connect(addressOf(srv));
    expect(await select([srv], [], [])).toEqual([[srv], [], []]);
    track((await srv.accept())[0]);
    expect(await select([srv], [], [], 0)).toEqual(NOTHING);
  });

  test("a stream, once data waits; not after it is read", async () => {
    const [client, conn] = await connectedPair();
    expect(await select([conn], [], [], 0)).toEqual(NOTHING);
    await client.sendall(bytes("data"));
    expect(await select([conn, client], [], [])).toEqual([[conn], [], []]);
    expect((await conn.recv(10)).toString()).toBe("data");
    expect(await select([conn], [], [], 0)).toEqual(NOTHING);
  });

  test("a stream at EOF, and recv then returns empty", async () => {
    const [client, conn] = await connectedPair();
    client.close();
    expect(await select([conn], [], [])).toEqual([[conn], [], []]);
    expect((await conn.recv(10)).length).toBe(0);
    // EOF stays readable: every later recv returns empty at once.
    expect(await select([conn], [], [], 0)).toEqual([[conn], [], []]);
  });

  test("a datagram socket, once a datagram waits", async () => {
    const [server, client] = [await udp(), await udp()];
    expect(await select([server], [], [], 0)).toEqual(NOTHING);
    await client.sendto(bytes("dgram"), addressOf(server));
    expect(await select([server, client], [], [])).toEqual([[server], [], []]);
    expect((await server.recv(10)).toString()).toBe("dgram");
    expect(await select([server], [], [], 0)).toEqual(NOTHING);
  });

  test("an empty datagram makes the socket readable too", async () => {
    const [server, client] = [await udp(), await udp()];
    await client.sendto(new Uint8Array(0), addressOf(server));
    expect(await select([server], [], [])).toEqual([[server], [], []]);
  });

  test("only the ready sockets are returned, in list order", async () => {
    const [a, b, c] = [await udp(), await udp(), await udp()];
    await a.sendto(bytes("to c"), addressOf(c));
    await a.sendto(bytes("to a"), addressOf(a));
    // Wait for each on its own: both arrive, but not necessarily in the same callback.
    await select([a], [], []);
    await select([c], [], []);
    expect(await select([a, b, c], [], [])).toEqual([[a, c], [], []]);
  });

  test("a select waiting before data arrives wakes for it", async () => {
    const [client, conn] = await connectedPair();
    const waiting = select([conn], [], [], null);
    await client.sendall(bytes("wake"));
    expect(await waiting).toEqual([[conn], [], []]);
  });
});

describe("writable", () => {
  test("connected streams and datagram sockets are writable", async () => {
    const [client, conn] = await connectedPair();
    const dgram = await udp();
    expect(await select([], [client, conn, dgram], [], 0)).toEqual([[], [client, conn, dgram], []]);
  });

  test("readable and writable lists are filled together", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("x"));
    await select([conn], [], []);
    expect(await select([conn, client], [client], [conn])).toEqual([[conn], [client], []]);
  });

  test("a non-blocking connect completes and select reports it writable", async () => {
    const srv = await listener();
    const client = tracked();
    client.setblocking(false);
    await expectRaises(
      () => client.connect(addressOf(srv)),
      BlockingIOError,
      "[Errno 115] Operation now in progress",
      115,
    );
    expect(await select([], [client], [])).toEqual([[], [client], []]);
    expect(client.getsockopt(SOL_SOCKET, SO_ERROR)).toBe(0);
    expect(client.getpeername()).toEqual(addressOf(srv));
    await client.sendall(bytes("hi"));
    const [conn] = await srv.accept();
    track(conn);
    expect((await conn.recv(2)).toString()).toBe("hi");
  });

  test("a refused non-blocking connect is writable, with SO_ERROR 111", async () => {
    const port = await closedPort();
    const client = tracked();
    client.setblocking(false);
    expect(await client.connect_ex(["127.0.0.1", port])).toBe(115);
    expect(await select([], [client], [])).toEqual([[], [client], []]);
    expect(client.getsockopt(SOL_SOCKET, SO_ERROR)).toBe(111);
    expect(client.getsockopt(SOL_SOCKET, SO_ERROR)).toBe(0);
  });
});

describe("timeouts", () => {
  test("timeout 0 polls: empty lists at once when nothing is ready", async () => {
    const srv = await listener();
    expect(await select([srv], [], [srv], 0)).toEqual(NOTHING);
  });

  test("with nothing ready, returns [[], [], []] after about the timeout", async () => {
    const sock = await udp();
    const started = performance.now();
    expect(await select([sock], [], [], 0.2)).toEqual(NOTHING);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  test("empty lists with a timeout simply wait", async () => {
    const started = performance.now();
    expect(await select([], [], [], 0.05)).toEqual(NOTHING);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  test("a datagram arriving before the timeout ends the wait", async () => {
    const [server, client] = [await udp(), await udp()];
    const waiting = select([server], [], [], 30);
    await client.sendto(bytes("soon"), addressOf(server));
    expect(await waiting).toEqual([[server], [], []]);
  });
});

describe("argument errors", () => {
  test("negative timeout: ValueError", async () => {
    await expectRaises(() => select([], [], [], -1), ValueError, "timeout must be non-negative");
  });

  test("NaN timeout: ValueError", async () => {
    await expectRaises(
      () => select([], [], [], Number.NaN),
      ValueError,
      "Invalid value NaN (not a number)",
    );
  });

  test("a timeout that is not a number: TypeError", async () => {
    const bad = "1" as unknown as number;
    await expectRaises(() => select([], [], [], bad), TypeError, "timeout must be a float or None");
  });

  test("the timeout is checked before the lists, as in Python", async () => {
    await expectRaises(() => select([{}], [], [], -1), ValueError, "timeout must be non-negative");
  });

  test.each([
    ["rlist", (s: Socket) => select([s], [], [], 0)],
    ["wlist", (s: Socket) => select([], [s], [], 0)],
    ["xlist", (s: Socket) => select([], [], [s], 0)],
  ] as const)("a closed socket in %s: ValueError", async (_name, call) => {
    const sock = tracked();
    sock.close();
    await expectRaises(
      () => call(sock),
      ValueError,
      "file descriptor cannot be a negative integer (-1)",
    );
  });

  test.each([
    ["an object", {}],
    ["a string", "socket"],
    ["null", null],
  ])("%s in a list: TypeError", async (_name, item) => {
    await expectRaises(
      () => select([item], [], [], 0),
      TypeError,
      "argument must be an int, or have a fileno() method.",
    );
  });
});
