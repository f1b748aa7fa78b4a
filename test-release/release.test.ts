/**
 * Checks what `npm run release` produced (run by .ci/run after `npm run release`, not by
 * `npm test`): every file's format and architecture, the checksums, and the linux-arm64 binary
 * running for real under qemu, in a TCP echo round trip with the x64 one.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const DIR = join(import.meta.dir, "../dist/release");
const VERSION = JSON.parse(readFileSync(join(import.meta.dir, "../package.json"), "utf8")).version;
const QEMU = ["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu"];

const children: Bun.Subprocess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill();
    await child.exited;
  }
});

/** `file -b` of a release file, e.g. "ELF 64-bit LSB executable, ARM aarch64, ...". */
function fileType(name: string): string {
  return Bun.spawnSync(["file", "-b", join(DIR, name)]).stdout.toString();
}

describe("release binaries", () => {
  test.each([
    ["sockit-linux-x64", /^ELF 64-bit LSB executable, x86-64.*ld-linux-x86-64/],
    ["sockit-linux-x64-musl", /^ELF 64-bit LSB executable, x86-64.*ld-musl-x86_64/],
    ["sockit-linux-arm64", /^ELF 64-bit LSB executable, ARM aarch64/],
    ["sockit-darwin-x64", /^Mach-O 64-bit x86_64 executable/],
    ["sockit-darwin-arm64", /^Mach-O 64-bit arm64 executable/],
    ["sockit-windows-x64.exe", /^PE32\+ executable \(console\) x86-64, for MS Windows/],
  ])("%s has the right format and architecture", (name, pattern) => {
    expect(fileType(name)).toMatch(pattern);
  });

  test("SHA256SUMS lists every binary with its real checksum", () => {
    const lines = readFileSync(join(DIR, "SHA256SUMS"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(6);
    for (const line of lines) {
      const [sum, name] = line.split(/\s+/) as [string, string];
      expect(
        createHash("sha256")
          .update(readFileSync(join(DIR, name)))
          .digest("hex"),
      ).toBe(sum);
    }
  });

  test("the x64 binary has the version embedded", () => {
    const run = Bun.spawnSync([join(DIR, "sockit-linux-x64"), "--version"]);
    expect(run.stdout.toString()).toBe(`${VERSION}\n`);
  });

  test("the arm64 binary runs under qemu: --version", () => {
    const run = Bun.spawnSync([...QEMU, join(DIR, "sockit-linux-arm64"), "--version"]);
    expect(run.stdout.toString()).toBe(`${VERSION}\n`);
    expect(run.exitCode).toBe(0);
  });

  test("an arm64 echo server under qemu answers the x64 client over loopback", async () => {
    const server = Bun.spawn(
      [...QEMU, join(DIR, "sockit-linux-arm64"), "listen", "--echo", "127.0.0.1", "0"],
      {
        stdin: "ignore",
        stderr: "pipe",
        env: { ...process.env, NO_COLOR: "1" },
      },
    );
    children.push(server);
    const port = await listeningPort(server.stderr);
    const client = Bun.spawnSync(
      [join(DIR, "sockit-linux-x64"), "connect", "127.0.0.1", String(port)],
      {
        stdin: Buffer.from("hello from x64\n"),
        env: { ...process.env, NO_COLOR: "1" },
      },
    );
    expect(client.stdout.toString()).toBe("hello from x64\n");
    expect(client.exitCode).toBe(0);
    expect(await server.exited).toBe(0);
  }, 30_000);
});

/** Reads the server's own "Listening on HOST:PORT" line (port 0 makes it print the port). */
async function listeningPort(stderr: ReadableStream<Uint8Array>): Promise<number> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of stderr) {
    text += decoder.decode(chunk);
    const match = /Listening on [^\n]*:(\d+)/.exec(text);
    if (match) return Number(match[1]);
  }
  throw new Error(`the server exited before listening:\n${text}`);
}
