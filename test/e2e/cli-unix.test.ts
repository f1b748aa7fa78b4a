/** `-U PATH`: Unix stream sockets, and what happens to files already at PATH. */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runPython } from "../_python.ts";
import { cleanup, type SpawnOptions, sockit, tempDir } from "./_cli.ts";

afterEach(cleanup);

const BINARY = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7) & 0xff));

/** A socket file nobody listens on, as a crashed server leaves it (Python never unlinks it). */
async function staleSocket(path: string): Promise<void> {
  await runPython("import socket, sys\nsocket.socket(socket.AF_UNIX).bind(sys.argv[1])", [path]);
  expect(lstatSync(path).isSocket()).toBe(true);
}

/** A listener on PATH, ready once its -v event names the path. */
async function listenUnix(path: string, args: string[] = [], options: SpawnOptions = {}) {
  const server = sockit(["listen", "-v", "-U", path, ...args], options);
  expect(await server.listeningAddress()).toBe(path);
  return server;
}

describe("listen -U / connect -U", () => {
  test("bytes arrive unchanged both ways; the listener removes its socket file", async () => {
    const path = join(tempDir(), "s.sock");
    const reversed = Buffer.from(BINARY).reverse();
    const server = await listenUnix(path, [], { input: reversed });
    const client = await sockit(["connect", "-v", "-U", path], { input: BINARY }).finish();
    const served = await server.finish();
    expect(client.exitCode).toBe(0);
    expect(served.exitCode).toBe(0);
    expect(client.stdoutBytes.equals(reversed)).toBe(true);
    expect(served.stdoutBytes.equals(BINARY)).toBe(true);
    expect(client.lines[0]).toBe(`sockit: Connected to ${path}.`);
    expect(served.lines[1]).toBe("sockit: Connection from (unnamed).");
    expect(existsSync(path)).toBe(false);
  });

  test("nc spellings: `sockit -lU PATH` and `sockit -U PATH`", async () => {
    const path = join(tempDir(), "s.sock");
    const server = sockit(["-lvU", path], { input: "down\n" });
    expect(await server.listeningAddress()).toBe(path);
    const client = await sockit(["-U", path], { input: "up\n" }).finish();
    expect(client).toMatchObject({ exitCode: 0, stdout: "down\n" });
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "up\n" });
  });

  test("-k --echo serves one client after another on the same path", async () => {
    const path = join(tempDir(), "s.sock");
    const server = await listenUnix(path, ["-k", "--echo"]);
    for (const word of ["one\n", "two\n"]) {
      expect(await sockit(["connect", "-U", path], { input: word }).finish()).toMatchObject({
        exitCode: 0,
        stdout: word,
      });
    }
    expect((await server.terminate()).exitCode).toBe(143);
    expect(existsSync(path)).toBe(false);
  });

  test("a Unix datagram client is refused in one line (Bun has no AF_UNIX datagrams)", async () => {
    const path = join(tempDir(), "s.sock");
    const { exitCode, lines } = await sockit(["connect", "-u", "-U", path]).finish();
    expect(exitCode).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toStartWith(`sockit: connect ${path}: [Errno 94] Socket type not supported`);
  });
});

describe("something already at PATH", () => {
  test("a leftover socket is refused without --unlink, with a hint", async () => {
    const path = join(tempDir(), "stale.sock");
    await staleSocket(path);
    const { exitCode, lines } = await sockit(["listen", "-U", path]).finish();
    expect({ exitCode, lines }).toEqual({
      exitCode: 1,
      lines: [`sockit: listen ${path} (--unlink replaces it): [Errno 98] Address already in use`],
    });
    expect(lstatSync(path).isSocket()).toBe(true);
  });

  test("--unlink replaces a leftover socket and serves on it", async () => {
    const path = join(tempDir(), "stale.sock");
    await staleSocket(path);
    const server = await listenUnix(path, ["--unlink"]);
    const client = await sockit(["connect", "-U", path], { input: "fresh\n" }).finish();
    expect(client.exitCode).toBe(0);
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "fresh\n" });
  });

  test("a regular file is never removed, with or without --unlink", async () => {
    const path = join(tempDir(), "precious.txt");
    writeFileSync(path, "keep me\n");
    const plain = await sockit(["listen", "-U", path]).finish();
    expect({ exitCode: plain.exitCode, lines: plain.lines }).toEqual({
      exitCode: 1,
      lines: [`sockit: listen ${path}: [Errno 98] Address already in use`],
    });
    const unlink = await sockit(["listen", "-U", path, "--unlink"]).finish();
    expect({ exitCode: unlink.exitCode, lines: unlink.lines }).toEqual({
      exitCode: 1,
      lines: [`sockit: listen ${path}: exists and is not a socket; not removing it`],
    });
    expect(readFileSync(path, "utf8")).toBe("keep me\n");
  });
});

describe("only the listener's own socket file is removed, and only a stale one replaced", () => {
  test("a regular file put in place of the socket is still there after the listener exits", async () => {
    const path = join(tempDir(), "s.sock");
    const server = await listenUnix(path);
    rmSync(path);
    writeFileSync(path, "precious\n");
    expect((await server.terminate()).exitCode).toBe(143);
    expect(readFileSync(path, "utf8")).toBe("precious\n");
  });

  test("another listener's socket at the path outlives the first listener's exit", async () => {
    const path = join(tempDir(), "s.sock");
    const first = await listenUnix(path, ["-k"]);
    rmSync(path);
    const second = await listenUnix(path, ["-k", "--echo"]);
    expect((await first.terminate()).exitCode).toBe(143);
    const client = await sockit(["connect", "-U", path], { input: "still here\n" }).finish();
    expect(client).toMatchObject({ exitCode: 0, stdout: "still here\n" });
    expect((await second.terminate()).exitCode).toBe(143);
    expect(existsSync(path)).toBe(false);
  });

  test("--unlink refuses the path of a listener that is still serving", async () => {
    const path = join(tempDir(), "s.sock");
    const live = await listenUnix(path, ["-k", "--echo"]);
    const { exitCode, lines } = await sockit(["listen", "-U", path, "--unlink"]).finish();
    expect({ exitCode, lines }).toEqual({
      exitCode: 1,
      lines: [`sockit: listen ${path}: a listener is serving there; not replacing it`],
    });
    const client = await sockit(["connect", "-U", path], { input: "served\n" }).finish();
    expect(client).toMatchObject({ exitCode: 0, stdout: "served\n" });
    expect((await live.terminate()).exitCode).toBe(143);
  });
});
