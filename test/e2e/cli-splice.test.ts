/**
 * Received bytes on their way to stdout by splice(2): into a file (through a pipe of ours),
 * into /dev/null, onto an O_APPEND file (which splice refuses, so plain writes), with a few
 * bytes before and after the bulk; the counts in -v, and a reset mid-stream reported as ever.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SO_LINGER, SOL_SOCKET, type Socket } from "../../src/index.ts";
import { listener } from "../_helpers.ts";
import { CHUNK, chunk, MiB } from "./_bulk.ts";
import { cleanup, peer, SOCKIT, tempDir } from "./_cli.ts";

afterEach(cleanup);

const TOTAL = 16 * MiB;
const HEAD = Buffer.from("a line before the bulk\n");
const TAIL = Buffer.from("and one after\n");

/** `sockit connect -v` to a server of ours, stdout redirected by bash as `redirect` says. */
async function connectThrough(redirect: string) {
  const srv = await listener();
  const [, port] = srv.getsockname() as [string, number];
  const script = `"$0" connect -v 127.0.0.1 "$1" < /dev/null ${redirect}`;
  const shell = peer(["bash", "-c", script, SOCKIT, String(port)]);
  const [conn] = await srv.accept();
  return { shell, conn };
}

/** A line, TOTAL bytes of chunks, a line; resolves with the sha256 of all of it. */
async function sendAll(conn: Socket): Promise<string> {
  const hash = createHash("sha256");
  for (const part of [
    HEAD,
    ...Array.from({ length: TOTAL / CHUNK }, (_, i) => chunk(5, i)),
    TAIL,
  ]) {
    hash.update(part);
    await conn.sendall(part);
  }
  conn.close();
  return hash.digest("hex");
}

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
const SIZE = HEAD.length + TOTAL + TAIL.length;
const SUMMARY = new RegExp(
  `^sockit: 0 bytes sent, ${SIZE} bytes received in \\d+\\.\\d\\d seconds\\.$`,
);

describe("received bytes into stdout", () => {
  test.each([
    ["a file", ">", ""],
    ["an O_APPEND file that has content", ">>", "kept\n"],
  ])("%s gets every byte, in order", async (_name, operator, before) => {
    const out = join(tempDir(), "out");
    writeFileSync(out, before);
    const { shell, conn } = await connectThrough(`${operator} "${out}"`);
    const sent = await sendAll(conn);
    const done = await shell.finish();
    expect(done.exitCode).toBe(0);
    expect(done.lines.at(-1)).toMatch(SUMMARY);
    const file = readFileSync(out);
    expect(file.subarray(0, before.length).toString()).toBe(before);
    expect(sha256(file.subarray(before.length))).toBe(sent);
  });

  test("/dev/null: exit 0, every byte counted", async () => {
    const { shell, conn } = await connectThrough("> /dev/null");
    await sendAll(conn);
    const done = await shell.finish();
    expect(done.exitCode).toBe(0);
    expect(done.lines.at(-1)).toMatch(SUMMARY);
  });

  test("a reset in the middle of the bulk: exit 1, the reset in one line", async () => {
    const { shell, conn } = await connectThrough("> /dev/null");
    for (let i = 0; i < 8; i++) await conn.sendall(chunk(6, i));
    conn.setsockopt(SOL_SOCKET, SO_LINGER, Buffer.from(new Int32Array([1, 0]).buffer));
    conn.close();
    const done = await shell.finish();
    expect(done.exitCode).toBe(1);
    expect(done.lines.at(-1)).toMatch(
      /^sockit: 127\.0\.0\.1:\d+: \[Errno 104\] Connection reset by peer$/,
    );
  });
});
