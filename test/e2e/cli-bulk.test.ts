/**
 * 256 MiB through `listen` -> `connect` and back, checked by sha256. The data is generated a
 * chunk at a time and hashed as it streams, so neither end of the test holds it in memory.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { CHUNK, chunk, digester, EMPTY_SHA256, MiB } from "./_bulk.ts";
import { type Child, cleanup, sockit } from "./_cli.ts";

afterEach(cleanup);

const TOTAL = 256 * MiB;
/** Generous for 256 MiB over loopback (about 2 s here); a stall still fails, with stderr. */
const BULK_DEADLINE_MS = 60_000;

/** Streams TOTAL bytes of `seed` into the child's stdin with backpressure; resolves with sha256. */
async function feed(child: Child, seed: number): Promise<string> {
  const hash = createHash("sha256");
  for (let index = 0; index < TOTAL / CHUNK; index++) {
    const data = chunk(seed, index);
    hash.update(data);
    await child.send(data);
  }
  await child.end();
  return hash.digest("hex");
}

/** Starts the child with stdin open for `feed`, or on /dev/null when it has nothing to send. */
const stdinFor = (seed: number | null) => (seed === null ? {} : { open: true });

describe("bulk transfer through the binary", () => {
  test.each([
    ["each way at once", 1, 2],
    ["client to listener (`sockit listen > file`)", 3, null],
    ["listener to client (`sockit connect > file`)", null, 4],
  ])(
    "256 MiB %s arrives with the same sha256",
    async (_name, upSeed, downSeed) => {
      const atServer = digester();
      const atClient = digester();
      const server = sockit(["listen", "-v", "127.0.0.1", "0"], {
        ...stdinFor(downSeed),
        onStdout: atServer.update,
      });
      const port = String(await server.listening());
      const client = sockit(["connect", "127.0.0.1", port], {
        ...stdinFor(upSeed),
        onStdout: atClient.update,
      });
      const [up, down] = await Promise.all([
        upSeed === null ? EMPTY_SHA256 : feed(client, upSeed),
        downSeed === null ? EMPTY_SHA256 : feed(server, downSeed),
      ]);
      const [fromClient, fromServer] = await Promise.all([
        client.finish(BULK_DEADLINE_MS),
        server.finish(BULK_DEADLINE_MS),
      ]);
      expect(fromClient.exitCode).toBe(0);
      expect(fromServer.exitCode).toBe(0);
      const sizeOf = (seed: number | null) => (seed === null ? 0 : TOTAL);
      expect(atServer.result()).toEqual({ size: sizeOf(upSeed), sha256: up });
      expect(atClient.result()).toEqual({ size: sizeOf(downSeed), sha256: down });
      const totals = `${sizeOf(downSeed)} bytes sent, ${sizeOf(upSeed)} bytes received`;
      expect(fromServer.lines.at(-1)).toMatch(
        new RegExp(`^sockit: ${totals} in \\d+\\.\\d\\d seconds\\.$`),
      );
    },
    BULK_DEADLINE_MS,
  );
});
