/**
 * SIGTERM while stdout is blocked: `sockit listen -U PATH > fifo` whose reader never reads
 * still ends at once on `kill -TERM` (exit 143) and removes its socket file.
 */
import { afterEach, expect, test } from "bun:test";
import { closeSync, constants, existsSync, openSync } from "node:fs";
import { join } from "node:path";
import { AF_UNIX, TimeoutError } from "../../src/index.ts";
import { tracked } from "../_helpers.ts";
import { cleanup, peer, SOCKIT, tempDir } from "./_cli.ts";

afterEach(cleanup);

test("kill -TERM ends a listener whose stdout nobody reads", async () => {
  const dir = tempDir();
  const [path, fifo] = [join(dir, "s.sock"), join(dir, "out")];
  expect((await peer(["mkfifo", fifo]).finish()).exitCode).toBe(0);
  // A reader that holds the FIFO open and never reads it.
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const server = peer(["bash", "-c", `exec "$0" listen -v -U "$1" > "$2"`, SOCKIT, path, fifo]);
    await server.waitFor(/Listening on/);
    const client = tracked(AF_UNIX);
    await client.connect(path);
    // Data stops flowing once the FIFO and the socket buffers are full: sockit is stuck on stdout.
    client.settimeout(0.5);
    const err = await client.sendall(new Uint8Array(64 << 20)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    const done = await server.terminate();
    expect(done.exitCode).toBe(143);
    expect(existsSync(path)).toBe(false);
  } finally {
    closeSync(reader);
  }
});
