/**
 * socket.sendfile(file, offset=0, count=None) as Python's: the bytes a python3 receiver hashes,
 * offset and count, the file position afterwards, the timeout, and CPython's argument errors.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { closeSync, openSync, readSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AF_INET, SOCK_DGRAM, type Socket, TimeoutError, ValueError } from "../../src/index.ts";
import { connectedPair, expectRaises, recvAll, tempDir, tracked } from "../_helpers.ts";
import { withPython } from "../_python.ts";

const MiB = 1024 * 1024;
/** 256 MiB written, sent and hashed twice: seconds on a loaded 2-core machine, not 5. */
const BULK_DEADLINE_MS = 60_000;

/** Prints its port, receives one connection to EOF, prints the byte count and sha256. */
const HASHING_RECEIVER = `
import hashlib, json, socket
with socket.create_server(("127.0.0.1", 0)) as srv:
    print(srv.getsockname()[1], flush=True)
    conn, _ = srv.accept()
    digest, total = hashlib.sha256(), 0
    with conn:
        while data := conn.recv(1 << 20):
            digest.update(data)
            total += len(data)
print(json.dumps({"bytes": total, "sha256": digest.hexdigest()}))
`;

const fds: number[] = [];
afterEach(() => {
  for (const fd of fds.splice(0)) closeSync(fd);
});

function openFile(content: Uint8Array | string, name = "data.bin"): number {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  const fd = openSync(path, "r");
  fds.push(fd);
  return fd;
}

/** Reads from the descriptor's current position: where sendfile left it. */
function readAtPosition(fd: number, size: number): string {
  const buffer = Buffer.alloc(size);
  return buffer.subarray(0, readSync(fd, buffer, 0, size, null)).toString();
}

describe("sendfile", () => {
  test(
    "256 MiB reach python3 intact (sha256), the count is returned",
    async () => {
      // 256 distinct MiB blocks: a lost, repeated or reordered block changes the hash.
      const block = crypto.getRandomValues(new Uint8Array(MiB));
      const hash = new Bun.CryptoHasher("sha256");
      const path = join(tempDir(), "big.bin");
      const writer = Bun.file(path).writer();
      for (let i = 0; i < 256; i++) {
        new DataView(block.buffer).setUint32(0, i);
        hash.update(block);
        writer.write(block);
      }
      await writer.end();
      const fd = openSync(path, "r");
      fds.push(fd);
      await withPython(HASHING_RECEIVER, [], async (py) => {
        const sock = tracked(AF_INET);
        await sock.connect(["127.0.0.1", Number(await py.readLine())]);
        expect(await sock.sendfile(fd)).toBe(256 * MiB);
        sock.close();
        const report = JSON.parse((await py.finish()).stdout);
        expect(report).toEqual({ bytes: 256 * MiB, sha256: hash.digest("hex") });
      });
    },
    BULK_DEADLINE_MS,
  );

  test("offset and count pick the span; the file position ends after it", async () => {
    const [client, server] = await connectedPair();
    const fd = openFile("0123456789abcdef");
    expect(await client.sendfile(fd, 3, 5)).toBe(5);
    expect(readAtPosition(fd, 3)).toBe("89a");
    expect(await client.sendfile({ fileno: () => fd }, 10)).toBe(6);
    client.close();
    expect((await recvAll(server)).toString()).toBe("34567abcdef");
  });

  test("a path is opened and sent whole; an empty file sends 0", async () => {
    const [client, server] = await connectedPair();
    const dir = tempDir();
    writeFileSync(join(dir, "text"), "hello");
    writeFileSync(join(dir, "empty"), "");
    expect(await client.sendfile(join(dir, "text"))).toBe(5);
    expect(await client.sendfile(join(dir, "empty"))).toBe(0);
    client.close();
    expect((await recvAll(server)).toString()).toBe("hello");
  });

  test("a peer that does not read: the timeout covers each wait for buffer space", async () => {
    const [client] = await connectedPair();
    client.settimeout(0.2);
    const fd = openFile(new Uint8Array(64 * MiB));
    await expectRaises(() => client.sendfile(fd), TimeoutError, "timed out", null);
  });

  test.each([
    [0, ValueError, "count must be a positive integer (got 0)"],
    [-1, ValueError, "count must be a positive integer (got -1)"],
    [1.5, TypeError, "count must be a positive integer (got 1.5)"],
    ["3", TypeError, "count must be a positive integer (got '3')"],
  ])("count %p raises %p", async (count, Class, message) => {
    const [client] = await connectedPair();
    const fd = openFile("abc");
    await expectRaises(() => client.sendfile(fd, 0, count as number), Class, message);
  });

  test("CPython's other refusals: text mode, datagram sockets, non-blocking sockets", async () => {
    const [client] = await connectedPair();
    const fd = openFile("abc");
    const text = { fileno: () => fd, mode: "r" };
    await expectRaises(
      () => client.sendfile(text),
      ValueError,
      "file should be opened in binary mode",
    );
    const udp: Socket = tracked(AF_INET, SOCK_DGRAM);
    await expectRaises(
      () => udp.sendfile(fd),
      ValueError,
      "only SOCK_STREAM type sockets are supported",
    );
    client.setblocking(false);
    await expectRaises(
      () => client.sendfile(fd),
      ValueError,
      "non-blocking sockets are not supported",
    );
  });
});
