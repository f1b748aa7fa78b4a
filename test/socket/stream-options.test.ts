import { dlopen, FFIType, ptr } from "bun:ffi";
import { describe, expect, test } from "bun:test";
import {
  AF_INET6,
  AF_UNIX,
  IPPROTO_TCP,
  OSError,
  SO_ERROR,
  SO_KEEPALIVE,
  SO_RCVBUF,
  SO_REUSEADDR,
  SO_SNDBUF,
  SO_TYPE,
  SOL_SOCKET,
  TCP_NODELAY,
} from "../../src/index.ts";
import { connectedPair, expectRaises, listener, track, tracked } from "../_helpers.ts";

const ENOPROTOOPT = "[Errno 92] Protocol not available";

const libc = dlopen("libc.so.6", {
  getsockopt: {
    args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.ptr],
    returns: FFIType.i32,
  },
});

/** The option's value as the kernel holds it for this descriptor, read past our store. */
function kernelOption(fd: number, level: number, option: number): number {
  const value = new Int32Array(1);
  const length = new Uint32Array([4]);
  expect(libc.symbols.getsockopt(fd, level, option, ptr(value), ptr(length))).toBe(0);
  return value[0] as number;
}

describe("getsockopt defaults", () => {
  test.each([
    ["SO_REUSEADDR", SOL_SOCKET, SO_REUSEADDR, 0],
    ["SO_KEEPALIVE", SOL_SOCKET, SO_KEEPALIVE, 0],
    ["SO_TYPE", SOL_SOCKET, SO_TYPE, 1],
    ["SO_ERROR", SOL_SOCKET, SO_ERROR, 0],
    ["SO_RCVBUF", SOL_SOCKET, SO_RCVBUF, 131072],
    ["SO_SNDBUF", SOL_SOCKET, SO_SNDBUF, 16384],
    ["TCP_NODELAY", IPPROTO_TCP, TCP_NODELAY, 0],
  ])("%s is %p on a new socket", (_name, level, option, value) => {
    expect(tracked().getsockopt(level, option)).toBe(value);
  });

  test("SO_TYPE is 1 on AF_INET6 and AF_UNIX streams too", () => {
    expect(tracked(AF_INET6).getsockopt(SOL_SOCKET, SO_TYPE)).toBe(1);
    expect(tracked(AF_UNIX).getsockopt(SOL_SOCKET, SO_TYPE)).toBe(1);
  });

  test("SO_ERROR is 0 on a healthy connection", async () => {
    const [client, conn] = await connectedPair();
    expect(client.getsockopt(SOL_SOCKET, SO_ERROR)).toBe(0);
    expect(conn.getsockopt(SOL_SOCKET, SO_ERROR)).toBe(0);
  });

  test("TCP_NODELAY is 0 on connected and accepted sockets, though Bun turns it on", async () => {
    const [client, conn] = await connectedPair();
    expect(client.getsockopt(IPPROTO_TCP, TCP_NODELAY)).toBe(0);
    expect(conn.getsockopt(IPPROTO_TCP, TCP_NODELAY)).toBe(0);
  });
});

describe("setsockopt", () => {
  test("SO_REUSEADDR 0, then 1 after setting it", () => {
    const sock = tracked();
    expect(sock.getsockopt(SOL_SOCKET, SO_REUSEADDR)).toBe(0);
    sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
    expect(sock.getsockopt(SOL_SOCKET, SO_REUSEADDR)).toBe(1);
    sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 0);
    expect(sock.getsockopt(SOL_SOCKET, SO_REUSEADDR)).toBe(0);
  });

  test("boolean options read back as 0/1 whatever was set", () => {
    const sock = tracked();
    sock.setsockopt(SOL_SOCKET, SO_KEEPALIVE, 5);
    expect(sock.getsockopt(SOL_SOCKET, SO_KEEPALIVE)).toBe(1);
    sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, true);
    expect(sock.getsockopt(SOL_SOCKET, SO_REUSEADDR)).toBe(1);
  });

  test("TCP_NODELAY 1 after setting it on a connected socket", async () => {
    const [client] = await connectedPair();
    client.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
    expect(client.getsockopt(IPPROTO_TCP, TCP_NODELAY)).toBe(1);
  });

  test("an accepted socket inherits the listener's options", async () => {
    const srv = tracked();
    srv.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
    srv.setsockopt(SOL_SOCKET, SO_KEEPALIVE, 1);
    await srv.bind(["127.0.0.1", 0]);
    srv.listen();
    const client = tracked();
    await client.connect(srv.getsockname());
    const [conn] = await srv.accept();
    track(conn);
    expect(conn.getsockopt(IPPROTO_TCP, TCP_NODELAY)).toBe(1);
    expect(conn.getsockopt(SOL_SOCKET, SO_KEEPALIVE)).toBe(1);
    expect(client.getsockopt(IPPROTO_TCP, TCP_NODELAY)).toBe(0);
  });

  test.each([
    ["SO_RCVBUF", SO_RCVBUF],
    ["SO_SNDBUF", SO_SNDBUF],
  ])("%s: Linux doubles the request (65536 reads back 131072)", (_name, option) => {
    const sock = tracked();
    sock.setsockopt(SOL_SOCKET, option, 65536);
    expect(sock.getsockopt(SOL_SOCKET, option)).toBe(131072);
  });

  test("a buflen asks for the raw bytes", () => {
    const raw = tracked().getsockopt(SOL_SOCKET, SO_TYPE, 4);
    expect(raw).toBeInstanceOf(Buffer);
    expect([...raw]).toEqual([1, 0, 0, 0]);
  });

  test("a bytes value is read as a native int", async () => {
    const sock = await listener();
    sock.setsockopt(SOL_SOCKET, SO_KEEPALIVE, new Uint8Array([1, 0, 0, 0]));
    expect(sock.getsockopt(SOL_SOCKET, SO_KEEPALIVE)).toBe(1);
  });
});

describe("the kernel agrees", () => {
  test("TCP_NODELAY and SO_KEEPALIVE reach the descriptor Bun holds", async () => {
    const [client, conn] = await connectedPair();
    expect(kernelOption(client.fileno(), IPPROTO_TCP, TCP_NODELAY)).toBe(0);
    expect(kernelOption(conn.fileno(), IPPROTO_TCP, TCP_NODELAY)).toBe(0);
    client.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
    client.setsockopt(SOL_SOCKET, SO_KEEPALIVE, 1);
    expect(kernelOption(client.fileno(), IPPROTO_TCP, TCP_NODELAY)).toBe(1);
    expect(kernelOption(client.fileno(), SOL_SOCKET, SO_KEEPALIVE)).not.toBe(0);
  });
});

describe("unknown options", () => {
  test.each([
    ["getsockopt", SOL_SOCKET, 9999],
    ["setsockopt", SOL_SOCKET, 9999],
    ["getsockopt", IPPROTO_TCP, 9999],
  ] as const)("%s(%p, %p): OSError 92", async (method, level, option) => {
    const sock = tracked();
    const call =
      method === "getsockopt"
        ? () => sock.getsockopt(level, option)
        : () => sock.setsockopt(level, option, 1);
    await expectRaises(call, OSError, ENOPROTOOPT, 92);
  });
});
