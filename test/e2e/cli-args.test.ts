/**
 * Strict, helpful arguments (issue 13.4, 16.3-16.5): near-miss commands and flags get a
 * suggestion and no DNS lookup, extra words are errors, `--no-FLAG` only where documented,
 * addresses as people copy them, ncat's spellings, order and time units.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { closedPort } from "../_helpers.ts";
import { cleanup, run, type SpawnOptions, sockit, tempDir } from "./_cli.ts";

afterEach(cleanup);

const HINT = "Try 'sockit --help' for more information.";

async function listen(args: string[], options: SpawnOptions = {}) {
  const server = sockit(["listen", "-v", ...args], options);
  return { server, port: String(await server.listening()) };
}

describe("usage errors with a suggestion or a reason, exit 2", () => {
  test.each([
    ["conect 127.0.0.1 80", "unknown command 'conect'; did you mean 'connect'?"],
    ["lsiten 8080", "unknown command 'lsiten'; did you mean 'listen'?"],
    ["listne -k 8080", "unknown command 'listne'; did you mean 'listen'?"],
    ["connect --verbos 127.0.0.1 80", "unknown option '--verbos'; did you mean '--verbose'?"],
    ["listen --keep-opne 0", "unknown option '--keep-opne'; did you mean '--keep-open'?"],
    ["connect 127.0.0.1 8080 9999", "unexpected argument '9999'"],
    ["listen 127.0.0.1 0 extra", "unexpected argument 'extra'"],
    ["listen -U /tmp/x.sock 8080", "unexpected argument '8080' with -U"],
    ["connect -U /tmp/x.sock 127.0.0.1", "unexpected argument '127.0.0.1' with -U"],
    ["listen --no-echo 0", "unknown option '--no-echo'"],
    ["connect --no-verbose 127.0.0.1 80", "unknown option '--no-verbose'"],
    ["connect [::1]:80 81", "two ports given: '[::1]:80' and '81'"],
  ])("sockit %s", async (line, message) => {
    const started = performance.now();
    const { exitCode, stdout, lines } = await run(line.split(" "));
    expect({ exitCode, stdout, lines }).toEqual({
      exitCode: 2,
      stdout: "",
      lines: [`sockit: ${message}`, HINT],
    });
    // No DNS lookup, no connection attempt: a usage error is immediate.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test("-o into a missing directory reads like every OS error", async () => {
    const file = join(tempDir(), "no", "such", "file");
    const { exitCode, lines } = await run(["connect", "-o", file, "127.0.0.1", "9"]);
    expect({ exitCode, lines }).toEqual({
      exitCode: 1,
      lines: [`sockit: [Errno 2] No such file or directory: '${file}'`],
    });
  });

  test("a bare `sockit HOST PORT` still means connect when HOST is not a near miss", async () => {
    const port = await closedPort();
    const { exitCode, lines } = await run(["localhost", String(port), "-4"]);
    expect({ exitCode, lines }).toEqual({
      exitCode: 1,
      lines: [`sockit: connect localhost:${port} (127.0.0.1): [Errno 111] Connection refused`],
    });
  });
});

describe("options before the command word", () => {
  test.each(["-v", "--debug", "-4 -v"])(
    "sockit %s connect HOST PORT is connect with those options",
    async (options) => {
      const port = await closedPort();
      const argv = [...options.split(" "), "connect", "127.0.0.1", String(port)];
      const { exitCode, lines } = await run(argv);
      expect({ exitCode, first: lines[0] }).toEqual({
        exitCode: 1,
        first: `sockit: connect 127.0.0.1:${port}: [Errno 111] Connection refused`,
      });
    },
  );

  test("a value flag before the word still takes it as its value", async () => {
    const { exitCode, lines } = await run(["-w", "connect", "127.0.0.1", "80"]);
    expect({ exitCode, first: lines[0] }).toEqual({
      exitCode: 2,
      first:
        "sockit: invalid -w value 'connect': expected a time such as 5, 1.5, 500ms, 3s, 2m or 1h",
    });
  });
});

describe("addresses as people copy them", () => {
  test.each([
    ["[::1]:PORT", (port: string) => [`[::1]:${port}`]],
    ["[::1] PORT", (port: string) => ["[::1]", port]],
  ])("connect %s reaches a listener on ::1", async (_, words) => {
    const { server, port } = await listen(["::1", "0"]);
    const client = await run(["connect", ...words(port)], { input: "six\n" });
    expect(client.exitCode).toBe(0);
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "six\n" });
  });

  test("connect HOST:PORT as one word, as socat users write it", async () => {
    const { server, port } = await listen(["127.0.0.1", "0"]);
    const client = await run(["connect", `127.0.0.1:${port}`], { input: "one word\n" });
    expect(client.exitCode).toBe(0);
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "one word\n" });
  });

  test("listen [::1]:0 binds ::1", async () => {
    const { server } = await listen(["[::1]:0"]);
    expect(await server.listeningAddress()).toStartWith("[::1]:");
  });
});

describe("ncat's spelling, order and units", () => {
  test("port first, flags after, long flags: `sockit PORT --listen --keep-open --nodns -v`", async () => {
    const server = sockit(["0", "--test", "--listen", "--keep-open", "--nodns", "-v"]);
    const port = String(await server.listening());
    const client = await run(["127.0.0.1", port, "--send-only"], { input: "free order\n" });
    expect(client.exitCode).toBe(0);
    await server.waitForStdout("free order\n");
  });

  test("--test prints ncat's `NCAT TEST: LISTEN` line once listening, TCP and UDP, and only then", async () => {
    const tcp = sockit(["-l", "--test", "127.0.0.1", "0"]);
    const port = String(await tcp.listening());
    await tcp.waitFor(/^NCAT TEST: LISTEN$/m);
    const client = await run(["127.0.0.1", port, "--send-only"], { input: "after the line\n" });
    expect(client.exitCode).toBe(0);
    expect(await tcp.finish()).toMatchObject({ exitCode: 0, stdout: "after the line\n" });
    const udp = sockit(["-l", "-u", "--test", "127.0.0.1", "0"]);
    await udp.waitFor(/^NCAT TEST: LISTEN$/m);
    await udp.kill();
    const plain = sockit(["-l", "127.0.0.1", "0"]);
    await plain.listening();
    expect((await plain.terminate()).stderr).not.toContain("NCAT TEST");
  });

  test("--unixsock as a flag with the path as its own argument, in any order", async () => {
    const path = join(tempDir(), "s.sock");
    const server = sockit(["-l", "--unixsock", "-v", path]);
    await server.waitFor(/Listening on/);
    const client = await run(["-U", "--send-only", path], { input: "via unix\n" });
    expect(client.exitCode).toBe(0);
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "via unix\n" });
    expect(existsSync(path)).toBe(false);
  });

  test("no port with ncat's spelling is ncat's 31337; `sockit listen` still asks for one", async () => {
    const strict = await run(["listen"]);
    expect(strict.exitCode).toBe(2);
    const refused = await run(["-4", "127.0.0.1", "-w", "2s"]);
    expect(refused.lines.at(-1)).toStartWith("sockit: connect 127.0.0.1:31337: [Errno");
  });

  test.each([
    ["300ms", 0.3],
    ["0.3", 0.3],
    ["1s", 1],
  ])("-i %s ends an idle session after that long", async (value, seconds) => {
    const { server, port } = await listen(["127.0.0.1", "0"], { open: true });
    const started = performance.now();
    const client = await run(["connect", "-i", value, "127.0.0.1", port], { open: true });
    const elapsed = (performance.now() - started) / 1000;
    expect(elapsed).toBeGreaterThanOrEqual(seconds - 0.05);
    expect(elapsed).toBeLessThan(seconds + 2);
    expect(client.lines).toEqual([`sockit: Idle timeout expired (${seconds} s).`]);
    expect(client.exitCode).toBe(1);
    await server.end();
  });
});
