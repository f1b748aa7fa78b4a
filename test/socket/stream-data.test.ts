import { describe, expect, test } from "bun:test";
import { MSG_PEEK, MSG_WAITALL, ValueError } from "../../src/index.ts";
import { bytes, connectedPair, expectRaises } from "../_helpers.ts";

/** Lets Bun's event loop run once, so anything already on the wire is delivered. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("recv", () => {
  test("returns what is there without waiting for bufsize", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("abc"));
    expect((await conn.recv(100)).toString()).toBe("abc");
  });

  test("a recv waiting before the data arrives gets the first bytes", async () => {
    const [client, conn] = await connectedPair();
    const pending = conn.recv(1024);
    await client.sendall(bytes("late"));
    expect((await pending).toString()).toBe("late");
  });

  test("returns at most bufsize; the rest stays for the next recv", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("0123456789"));
    expect((await conn.recv(3, MSG_WAITALL)).toString()).toBe("012");
    expect((await conn.recv(4)).toString()).toBe("3456");
    expect((await conn.recv(100)).toString()).toBe("789");
  });

  test("recv(0) is empty and consumes nothing", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("kept"));
    const empty = await conn.recv(0);
    expect(empty).toBeInstanceOf(Buffer);
    expect(empty.length).toBe(0);
    expect((await conn.recv(4, MSG_WAITALL)).toString()).toBe("kept");
  });

  test("is empty at EOF, every time after", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("last"));
    client.close();
    expect((await conn.recv(100, MSG_WAITALL)).toString()).toBe("last");
    for (let i = 0; i < 3; i++) expect((await conn.recv(100)).length).toBe(0);
  });

  test("MSG_PEEK returns the data without consuming it", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("peekaboo"));
    expect((await conn.recv(4, MSG_PEEK | MSG_WAITALL)).toString()).toBe("peek");
    expect((await conn.recv(8, MSG_PEEK | MSG_WAITALL)).toString()).toBe("peekaboo");
    expect((await conn.recv(8, MSG_WAITALL)).toString()).toBe("peekaboo");
  });

  test("MSG_WAITALL waits for bufsize bytes", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("ab"));
    expect((await conn.recv(2, MSG_PEEK | MSG_WAITALL)).toString()).toBe("ab");
    let done = false;
    const whole = conn.recv(6, MSG_WAITALL).finally(() => {
      done = true;
    });
    await turn();
    expect(done).toBe(false);
    await client.sendall(bytes("cdef"));
    expect((await whole).toString()).toBe("abcdef");
  });

  test("MSG_WAITALL returns short at EOF", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("ab"));
    client.close();
    expect((await conn.recv(6, MSG_WAITALL)).toString()).toBe("ab");
  });

  test("recvfrom on a connected stream gives [data, null]", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("from"));
    const [data, address] = await conn.recvfrom(4, MSG_WAITALL);
    expect(data.toString()).toBe("from");
    expect(address).toBeNull();
  });
});

describe("recv_into and recvfrom_into", () => {
  test("recv_into fills the buffer from the start and returns the count", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("hello"));
    await conn.recv(5, MSG_PEEK | MSG_WAITALL);
    const buf = Buffer.alloc(10, ".");
    expect(await conn.recv_into(buf)).toBe(5);
    expect(buf.toString()).toBe("hello.....");
  });

  test("recv_into(buf, n) reads at most n", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("hello"));
    await conn.recv(5, MSG_PEEK | MSG_WAITALL);
    const buf = new Uint8Array(10);
    expect(await conn.recv_into(buf, 3)).toBe(3);
    expect(Buffer.from(buf.subarray(0, 3)).toString()).toBe("hel");
    expect((await conn.recv(10)).toString()).toBe("lo");
  });

  test("recv_into with MSG_WAITALL waits for nbytes", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("ab"));
    await conn.recv(2, MSG_PEEK | MSG_WAITALL);
    const buf = Buffer.alloc(6);
    const count = conn.recv_into(buf, 6, MSG_WAITALL);
    await client.sendall(bytes("cdef"));
    expect(await count).toBe(6);
    expect(buf.toString()).toBe("abcdef");
  });

  test("recvfrom_into gives [count, null]", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("xyz"));
    await conn.recv(3, MSG_PEEK | MSG_WAITALL);
    const buf = Buffer.alloc(8);
    expect(await conn.recvfrom_into(buf, 2)).toEqual([2, null]);
    expect(buf.subarray(0, 2).toString()).toBe("xy");
  });

  test("recv_into at EOF returns 0", async () => {
    const [client, conn] = await connectedPair();
    client.close();
    expect(await conn.recv_into(Buffer.alloc(4))).toBe(0);
  });
});

describe("size checks", () => {
  test.each([
    ["recv", "negative buffersize in recv"],
    ["recvfrom", "negative buffersize in recvfrom"],
    ["recv_into", "negative buffersize in recv_into"],
    ["recvfrom_into", "negative buffersize in recvfrom_into"],
  ] as const)("%s with a negative size: ValueError", async (method, message) => {
    const [, conn] = await connectedPair();
    const call =
      method === "recv" || method === "recvfrom"
        ? () => conn[method](-1)
        : () => conn[method](Buffer.alloc(8), -1);
    await expectRaises(call, ValueError, message);
  });

  test("recv_into with nbytes beyond the buffer: ValueError", async () => {
    const [, conn] = await connectedPair();
    await expectRaises(
      () => conn.recv_into(Buffer.alloc(10), 11),
      ValueError,
      "buffer too small for requested bytes",
    );
  });

  test("recvfrom_into with nbytes beyond the buffer: ValueError", async () => {
    const [, conn] = await connectedPair();
    await expectRaises(
      () => conn.recvfrom_into(Buffer.alloc(8), 1024),
      ValueError,
      "nbytes is greater than the length of the buffer",
    );
  });
});

describe("send", () => {
  test("returns the count the OS took, at least one byte", async () => {
    const [client, conn] = await connectedPair();
    const count = await client.send(bytes("payload"));
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(7);
    expect((await conn.recv(count, MSG_WAITALL)).toString()).toBe("payload".slice(0, count));
  });

  test("send of nothing returns 0", async () => {
    const [client] = await connectedPair();
    expect(await client.send(new Uint8Array(0))).toBe(0);
  });

  test("takes any bytes-like object, not a str", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(new Uint16Array([0x6968]).buffer);
    await client.sendall(new DataView(bytes("!").buffer));
    expect((await conn.recv(3, MSG_WAITALL)).toString()).toBe("hi!");
    const str = "text" as unknown as Uint8Array;
    await expectRaises(
      () => client.send(str),
      TypeError,
      "a bytes-like object is required, not 'str'",
    );
  });
});
