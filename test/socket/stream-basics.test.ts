import { describe, expect, test } from "bun:test";
import { SHUT_WR } from "../../src/index.ts";
import { bytes, connectedPair, recvAll } from "../_helpers.ts";

describe("stream basics", () => {
  test("recv returns at most bufsize and keeps the rest buffered", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("hello world"));
    expect((await conn.recv(5)).toString()).toBe("hello");
    expect((await conn.recv(100)).toString()).toBe(" world");
  });

  test("half-close: the peer sees EOF and can still answer", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("request"));
    client.shutdown(SHUT_WR);
    expect((await recvAll(conn)).toString()).toBe("request");
    await conn.sendall(bytes("reply"));
    conn.close();
    expect((await recvAll(client)).toString()).toBe("reply");
    expect((await client.recv(10)).length).toBe(0);
  });
});
