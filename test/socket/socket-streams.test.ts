/**
 * What a socket offers TypeScript beyond Python: `for await` over received chunks, web
 * ReadableStream / WritableStream views, and readline(). All of it is built on recv/sendall,
 * so EOF, half-close and timeouts behave as they do there.
 */
import { describe, expect, test } from "bun:test";
import {
  AF_INET,
  type InetAddress,
  MSG_PEEK,
  MSG_WAITALL,
  OSError,
  SHUT_WR,
  SOCK_DGRAM,
  TimeoutError,
} from "../../src/index.ts";
import { bytes, connectedPair, expectRaises, recvAll, tracked } from "../_helpers.ts";

const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString();

/** A WritableStream that keeps every chunk written to it. */
function collector() {
  const chunks: Uint8Array[] = [];
  const stream = new WritableStream<Uint8Array>({
    write(chunk) {
      chunks.push(chunk);
    },
  });
  return { chunks, stream };
}

describe("for await", () => {
  test("yields received chunks until EOF", async () => {
    const [client, conn] = await connectedPair();
    const sending = (async () => {
      for (const part of ["one ", "two ", "three"]) await client.sendall(bytes(part));
      client.shutdown(SHUT_WR);
    })();
    const chunks: Buffer[] = [];
    for await (const chunk of conn) {
      expect(chunk.length).toBeGreaterThan(0);
      chunks.push(chunk);
    }
    await sending;
    expect(text(chunks)).toBe("one two three");
    // After the loop the socket is at EOF, not closed.
    expect(conn.fileno()).toBeGreaterThanOrEqual(0);
    expect((await conn.recv(10)).length).toBe(0);
  });

  test("ends at once on a peer that already hung up", async () => {
    const [client, conn] = await connectedPair();
    client.close();
    const chunks: Buffer[] = [];
    for await (const chunk of conn) chunks.push(chunk);
    expect(chunks).toEqual([]);
  });

  test("a datagram socket yields datagrams, empty ones too, until it is closed", async () => {
    const server = tracked(AF_INET, SOCK_DGRAM);
    await server.bind(["127.0.0.1", 0]);
    const client = tracked(AF_INET, SOCK_DGRAM);
    const to = server.getsockname() as InetAddress;
    for (const part of ["first", "", "last"]) await client.sendto(bytes(part), to);
    const seen: string[] = [];
    for await (const datagram of server) {
      seen.push(datagram.toString());
      if (seen.length === 3) server.close();
    }
    expect(seen).toEqual(["first", "", "last"]);
  });

  test("an error other than EOF is thrown out of the loop", async () => {
    const [, conn] = await connectedPair();
    conn.settimeout(0.05);
    await expectRaises(
      async () => {
        for await (const _ of conn) {
        }
      },
      TimeoutError,
      "timed out",
    );
  });
});

describe("readable", () => {
  test("piped into a WritableStream, it delivers every byte, then ends", async () => {
    const [client, conn] = await connectedPair();
    const payload = Buffer.alloc(256 * 1024);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 7) & 0xff;
    const sink = collector();
    const piping = conn.readable.pipeTo(sink.stream);
    await client.sendall(payload);
    client.shutdown(SHUT_WR);
    await piping;
    expect(Buffer.compare(Buffer.concat(sink.chunks), payload)).toBe(0);
  });

  test("the stream reads only when asked: cancelled unread, the data stays", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("kept"));
    await conn.recv(4, MSG_PEEK | MSG_WAITALL);
    const readable = conn.readable;
    // Give an eager stream the chance to pull before it is cancelled.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await readable.cancel();
    conn.setblocking(false);
    expect((await conn.recv(10)).toString()).toBe("kept");
  });

  test("reader.read() returns chunks, then done at EOF", async () => {
    const [client, conn] = await connectedPair();
    const reader = conn.readable.getReader();
    await client.sendall(bytes("chunk"));
    const first = await reader.read();
    expect(Buffer.from(first.value as Uint8Array).toString()).toBe("chunk");
    client.close();
    expect(await reader.read()).toEqual({ done: true, value: undefined });
  });
});

describe("writable", () => {
  test("writes reach the peer; closing the stream half-closes the socket", async () => {
    const [client, conn] = await connectedPair();
    const writer = client.writable.getWriter();
    await writer.write(bytes("hello "));
    await writer.write(bytes("world"));
    await writer.close();
    expect((await recvAll(conn)).toString()).toBe("hello world");
    // Only our sending half is shut: the peer can still answer.
    await conn.sendall(bytes("reply"));
    conn.close();
    expect((await recvAll(client)).toString()).toBe("reply");
  });

  test("a readable piped into another socket's writable forwards and half-closes", async () => {
    const [a, b] = await connectedPair();
    const [c, d] = await connectedPair();
    const forwarding = b.readable.pipeTo(c.writable);
    await a.sendall(bytes("through the relay"));
    a.shutdown(SHUT_WR);
    expect((await recvAll(d)).toString()).toBe("through the relay");
    await forwarding;
  });

  test("aborting the stream closes the socket", async () => {
    const [client] = await connectedPair();
    await client.writable.abort(new Error("stop"));
    expect(client.fileno()).toBe(-1);
  });
});

describe("readline", () => {
  test("lines split across several sends; the tail at EOF; then empty", async () => {
    const [client, conn] = await connectedPair();
    // Each piece is on the server before the next is sent, so lines really arrive in parts.
    const arrived = (count: number) => conn.recv(count, MSG_PEEK | MSG_WAITALL);
    const first = conn.readline();
    await client.sendall(bytes("ab"));
    await arrived(2);
    await client.sendall(bytes("c\nde"));
    expect((await first).toString()).toBe("abc\n");
    const second = conn.readline();
    await arrived(2);
    await client.sendall(bytes("f\n"));
    expect((await second).toString()).toBe("def\n");
    await client.sendall(bytes("tail"));
    client.shutdown(SHUT_WR);
    expect((await conn.readline()).toString()).toBe("tail");
    expect((await conn.readline()).length).toBe(0);
    expect((await conn.readline()).length).toBe(0);
  });

  test("several lines in one send come out one at a time", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("x\ny\n\nz\n"));
    const lines: string[] = [];
    for (let i = 0; i < 4; i++) lines.push((await conn.readline()).toString());
    expect(lines).toEqual(["x\n", "y\n", "\n", "z\n"]);
  });

  test("a limit returns at most that many bytes; the rest stays", async () => {
    const [client, conn] = await connectedPair();
    await client.sendall(bytes("abcdef\nxy\n"));
    await conn.recv(10, MSG_PEEK | MSG_WAITALL);
    expect((await conn.readline(4)).toString()).toBe("abcd");
    expect((await conn.readline(100)).toString()).toBe("ef\n");
    expect((await conn.readline(3)).toString()).toBe("xy\n");
  });

  test("a limit waits for that many bytes when no newline comes first", async () => {
    const [client, conn] = await connectedPair();
    const line = conn.readline(5);
    await client.sendall(bytes("ab"));
    await conn.recv(2, MSG_PEEK | MSG_WAITALL);
    await client.sendall(bytes("cdefg"));
    expect((await line).toString()).toBe("abcde");
  });

  test("settimeout(0.2) and no newline: TimeoutError, and the partial line is kept", async () => {
    const [client, conn] = await connectedPair();
    conn.settimeout(0.2);
    await client.sendall(bytes("partial"));
    await expectRaises(() => conn.readline(), TimeoutError, "timed out", null);
    await client.sendall(bytes(" line\n"));
    expect((await conn.readline()).toString()).toBe("partial line\n");
  });

  test("on SOCK_DGRAM: OSError 95", async () => {
    const sock = tracked(AF_INET, SOCK_DGRAM);
    await sock.bind(["127.0.0.1", 0]);
    await expectRaises(() => sock.readline(), OSError, "[Errno 95] Operation not supported", 95);
  });
});
