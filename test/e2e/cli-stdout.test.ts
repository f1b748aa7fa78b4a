/**
 * When stdout fails: a reader that has gone (`| head -c 100`) ends the session at once with
 * exit 0, as nc.openbsd does; a write that fails (`> /dev/full`) is exit 1 in one line.
 */
import { afterEach, describe, expect, test } from "bun:test";
import type { Socket } from "../../src/index.ts";
import { listener, tracked } from "../_helpers.ts";
import { cleanup, peer, SOCKIT } from "./_cli.ts";

afterEach(cleanup);

/** Sends 64 KiB chunks until the peer is gone; resolves with the bytes that went out. */
async function sendForever(conn: Socket): Promise<number> {
  const chunk = new Uint8Array(65536).fill(0x61);
  let sent = 0;
  for (let i = 0; i < 1_000_000; i++) {
    try {
      await conn.sendall(chunk);
    } catch {
      return sent;
    }
    sent += chunk.length;
  }
  return sent;
}

/** `sockit connect` to a server of ours, its stdout redirected by bash as `redirect` says. */
async function connectThrough(redirect: string) {
  const srv = await listener();
  const [, port] = srv.getsockname() as [string, number];
  const script = `"$0" connect 127.0.0.1 "$1" < /dev/null ${redirect}; echo "exit \${PIPESTATUS[0]}" >&2`;
  const shell = peer(["bash", "-c", script, SOCKIT, String(port)]);
  const [conn] = await srv.accept();
  return { shell, conn };
}

describe("stdout", () => {
  test("| head -c 100 against a server that never stops: exit 0 at once", async () => {
    const { shell, conn } = await connectThrough("| head -c 100 > /dev/null");
    const sending = sendForever(conn);
    const done = await shell.finish();
    expect(done.stderr).toBe("exit 0\n");
    // sockit closed the connection: the server's sends fail instead of going on.
    expect(await sending).toBeGreaterThan(0);
  });

  test("> /dev/full: exit 1, No space left on device in one line", async () => {
    const { shell, conn } = await connectThrough("> /dev/full");
    await conn.sendall(new TextEncoder().encode("hello\n"));
    const sending = sendForever(conn);
    const done = await shell.finish();
    expect(done.lines).toEqual(["sockit: stdout: [Errno 28] No space left on device", "exit 1"]);
    await sending;
  });

  test("listen -k | head -c 100: the whole listener ends, exit 0", async () => {
    const script = `"$0" listen -k -v 127.0.0.1 0 < /dev/null | head -c 100 > /dev/null; echo "exit \${PIPESTATUS[0]}" >&2`;
    const shell = peer(["bash", "-c", script, SOCKIT]);
    const port = await shell.listening();
    const client = tracked();
    await client.connect(["127.0.0.1", port]);
    await sendForever(client);
    const done = await shell.finish();
    expect(done.lines.at(-1)).toBe("exit 0");
  });
});
