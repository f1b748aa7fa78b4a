/**
 * The receive splicer the CLI's socket → stdout path uses (Linux): bytes Bun had already read
 * come first, the rest moves into a pipe by splice(2), EOF is 0, a reset is raised once, and
 * handing the socket back (release, or close) leaves it as a socket that was never spliced.
 */

import { ptr } from "bun:ffi";
import { afterEach, describe, expect, test } from "bun:test";
import { closeSync, readSync } from "node:fs";
import {
  AF_INET,
  ConnectionResetError,
  SO_LINGER,
  SOCK_DGRAM,
  SOL_SOCKET,
  type Socket,
} from "../../src/index.ts";
import { libc } from "../../src/socket/_libc.ts";
import { TRANSPORT } from "../../src/socket/_transport.ts";
import { type ReceiveSplicer, receiveSplicer } from "../../src/socket/stream/_splice.ts";
import { connectedPair, tracked } from "../_helpers.ts";

const lib = libc();
const pipes: number[] = [];

afterEach(() => {
  for (const fd of pipes.splice(0)) closeSync(fd);
});

/** A pipe as [read end, write end], closed after the test. */
function pipe(): [number, number] {
  const ends = new Int32Array(2);
  expect(lib?.pipe2(ptr(ends), 0)).toBe(0);
  const [readEnd = -1, writeEnd = -1] = ends;
  pipes.push(readEnd, writeEnd);
  return [readEnd, writeEnd];
}

function splicerOf(sock: Socket): ReceiveSplicer {
  const splicer = receiveSplicer(sock[TRANSPORT]());
  if (!splicer) throw new Error("no splicer on a connected TCP socket");
  return splicer;
}

/** Blocks until the socket has something for splice (the bytes are already sent). */
function awaitReadable(fd: number): void {
  const table = new Int32Array([fd, 0x1]);
  lib?.poll(ptr(table), 1, -1);
}

/** Splices until `want` bytes are in the pipe, collecting any Buffer returned on the way. */
function spliceAll(splicer: ReceiveSplicer, pipeFd: number, want: number): Buffer[] {
  const parts: Buffer[] = [];
  for (let got = 0; got < want; ) {
    const moved = splicer.splice(pipeFd, want - got);
    if (typeof moved !== "number") {
      parts.push(moved);
      got += moved.length;
    } else if (moved > 0) got += moved;
    else if (moved === -1) awaitReadable(splicer.fd);
    else throw new Error(`EOF after ${got} of ${want} bytes`);
  }
  return parts;
}

function readPipe(readEnd: number, count: number): string {
  const out = Buffer.alloc(count);
  for (let at = 0; at < count; ) at += readSync(readEnd, out, at, count - at, null);
  return out.toString();
}

describe("receive splicer", () => {
  test("what Bun read comes first as bytes, the rest through the pipe, then 0 at EOF", async () => {
    const [client, conn] = await connectedPair();
    const [readEnd, writeEnd] = pipe();
    await client.sendall(Buffer.from("hello world"));
    expect((await conn.recv(1)).toString()).toBe("h");
    const splicer = splicerOf(conn);
    expect(spliceAll(splicer, writeEnd, 10).map(String)).toEqual(["ello world"]);
    await client.sendall(Buffer.from("spliced"));
    expect(spliceAll(splicer, writeEnd, 7)).toEqual([]);
    expect(readPipe(readEnd, 7)).toBe("spliced");
    client.close();
    awaitReadable(splicer.fd);
    expect(splicer.splice(writeEnd, 100)).toBe(0);
    expect((await conn.recv(100)).length).toBe(0);
  });

  test("after release, recv reads what arrives next", async () => {
    const [client, conn] = await connectedPair();
    const [, writeEnd] = pipe();
    const splicer = splicerOf(conn);
    expect(splicer.splice(writeEnd, 100)).toBe(-1);
    splicer.release();
    await client.sendall(Buffer.from("later"));
    expect((await conn.recv(100)).toString()).toBe("later");
  });

  test("a recv that waits hands the socket back to Bun by itself", async () => {
    const [client, conn] = await connectedPair();
    const [, writeEnd] = pipe();
    expect(splicerOf(conn).splice(writeEnd, 100)).toBe(-1);
    const later = conn.recv(100);
    await client.sendall(Buffer.from("later"));
    expect((await later).toString()).toBe("later");
  });

  test("a recv_into that waits hands the socket back as well", async () => {
    const [client, conn] = await connectedPair();
    const [, writeEnd] = pipe();
    expect(splicerOf(conn).splice(writeEnd, 100)).toBe(-1);
    const buffer = new Uint8Array(16);
    const later = conn.recv_into(buffer);
    await client.sendall(Buffer.from("later"));
    expect(await later).toBe(5);
  });

  test("a reset is raised once, then the socket is at EOF", async () => {
    const [client, conn] = await connectedPair();
    const [, writeEnd] = pipe();
    const splicer = splicerOf(conn);
    expect(splicer.splice(writeEnd, 100)).toBe(-1);
    client.setsockopt(SOL_SOCKET, SO_LINGER, Buffer.from(new Int32Array([1, 0]).buffer));
    client.close();
    awaitReadable(splicer.fd);
    expect(() => splicer.splice(writeEnd, 100)).toThrow(ConnectionResetError);
    expect(splicer.splice(writeEnd, 100)).toBe(0);
  });

  test("closing while the splicer holds the socket ends it with a FIN, not a reset", async () => {
    const [client, conn] = await connectedPair();
    const [, writeEnd] = pipe();
    expect(splicerOf(conn).splice(writeEnd, 100)).toBe(-1);
    conn.close();
    expect((await client.recv(100)).length).toBe(0);
  });

  test("a closed socket raises EBADF", async () => {
    const [, conn] = await connectedPair();
    const [, writeEnd] = pipe();
    const splicer = splicerOf(conn);
    conn.close();
    expect(() => splicer.splice(writeEnd, 100)).toThrow("[Errno 9] Bad file descriptor");
  });

  test("a UDP socket has no splicer", () => {
    expect(receiveSplicer(tracked(AF_INET, SOCK_DGRAM)[TRANSPORT]())).toBeNull();
  });
});
