/**
 * `sockit connect HOST PORT < file`: stdin as a regular file goes to the socket by sendfile(2),
 * from where the file's position stands (a shell's earlier `read` may have moved it), and the
 * summary still counts every byte.
 */
import { afterEach, expect, test } from "bun:test";
import { closeSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { CHUNK, chunk, digester } from "./_bulk.ts";
import { cleanup, sockit, tempDir } from "./_cli.ts";

afterEach(cleanup);

const CHUNKS = 64;
const SKIPPED = 1000;
const DEADLINE_MS = 60_000;

test(
  "a file on stdin arrives from its current position on, with the same sha256",
  async () => {
    const path = join(tempDir(), "payload.bin");
    const writer = Bun.file(path).writer();
    const expected = new Bun.CryptoHasher("sha256");
    for (let index = 0; index < CHUNKS; index++) {
      const data = chunk(7, index);
      writer.write(data);
      expected.update(index === 0 ? data.subarray(SKIPPED) : data);
    }
    await writer.end();
    const fd = openSync(path, "r");
    try {
      readSync(fd, Buffer.alloc(SKIPPED), 0, SKIPPED, null);
      const received = digester();
      const server = sockit(["listen", "-v", "127.0.0.1", "0"], { onStdout: received.update });
      const port = String(await server.listening());
      const client = sockit(["connect", "-v", "127.0.0.1", port], { stdinFd: fd });
      const [fromClient, fromServer] = await Promise.all([
        client.finish(DEADLINE_MS),
        server.finish(DEADLINE_MS),
      ]);
      const size = CHUNKS * CHUNK - SKIPPED;
      expect(fromClient.exitCode).toBe(0);
      expect(fromServer.exitCode).toBe(0);
      expect(received.result()).toEqual({ size, sha256: expected.digest("hex") });
      expect(fromClient.lines.at(-1)).toMatch(new RegExp(`^sockit: ${size} bytes sent, 0 bytes`));
    } finally {
      closeSync(fd);
    }
  },
  DEADLINE_MS,
);
