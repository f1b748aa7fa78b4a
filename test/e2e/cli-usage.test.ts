/** The binary's face: --help, --version, and for each mistake one clear line and its exit code. */
import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { closedPort, portOf } from "../_helpers.ts";
import { boundSocket, cleanup, run, tempDir } from "./_cli.ts";

afterEach(cleanup);

const HINT = "Try 'sockit --help' for more information.";

describe("help and version", () => {
  test.each([
    [["--help"]],
    [["-h"]],
    [["listen", "--help"]],
    [["connect", "--help"]],
    [["-l", "--help"]],
  ])("sockit %p prints help on stdout and exits 0", async (args) => {
    const { exitCode, stdout, stderr } = await run(args);
    expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: "" });
    expect(stdout).toContain("Examples:");
    expect(stdout).toContain("Exit codes:");
    const long = stdout.split("\n").filter((line) => line.length > 80);
    expect(long).toEqual([]);
  });

  test("listen and connect help list their own options", async () => {
    const listen = await run(["listen", "--help"]);
    const connect = await run(["connect", "--help"]);
    expect(listen.stdout).toContain("--keep-open");
    expect(listen.stdout).not.toContain("--source-port");
    expect(connect.stdout).toContain("--source-port");
    expect(connect.stdout).not.toContain("--keep-open");
  });

  test("no arguments at all shows the help but exits 2", async () => {
    const { exitCode, stdout } = await run([]);
    expect(exitCode).toBe(2);
    expect(stdout).toContain("Usage:");
  });

  test.each([["--version"], ["-V"]])("%s prints the package.json version", async (flag) => {
    expect(await run([flag])).toMatchObject({
      exitCode: 0,
      stdout: `${pkg.version}\n`,
      stderr: "",
    });
  });
});

describe("usage errors: one line, the hint, exit 2", () => {
  test.each([
    ["unknown long flag", ["connect", "--bogus", "127.0.0.1", "80"], "unknown option '--bogus'"],
    ["unknown short flag", ["listen", "-Z", "0"], "unknown option '-Z'"],
    ["unknown flag before any command", ["--bogus"], "unknown option '--bogus'"],
    ["port out of range (listen)", ["listen", "70000"], "invalid port '70000': must be 0-65535"],
    [
      "port out of range (connect)",
      ["connect", "127.0.0.1", "70000"],
      "invalid port '70000': must be 0-65535",
    ],
    ["nc shorthand with a bad port", ["-l", "70000"], "invalid port '70000': must be 0-65535"],
    ["missing port (listen)", ["listen"], "missing PORT"],
    [
      "missing port (connect)",
      ["connect", "127.0.0.1"],
      "missing PORT (try: sockit connect HOST PORT)",
    ],
    ["missing host", ["connect"], "missing HOST (try: sockit connect HOST PORT)"],
    ["flag without its value", ["connect", "127.0.0.1", "80", "-w"], "option '-w' needs a value"],
    ["value for a boolean flag", ["listen", "--echo=yes", "0"], "option '--echo' takes no value"],
    [
      "bad seconds",
      ["connect", "-w", "soon", "127.0.0.1", "80"],
      "invalid -w value 'soon': expected a time such as 5, 1.5, 500ms, 3s, 2m or 1h",
    ],
    ["-4 with -6", ["connect", "-4", "-6", "127.0.0.1", "80"], "-4 and -6 cannot be used together"],
    [
      "-6 with an IPv4 literal",
      ["connect", "-6", "127.0.0.1", "80"],
      "'127.0.0.1' does not match -6",
    ],
    [
      "-n with a name",
      ["connect", "-n", "localhost", "80"],
      "'localhost' is not a numeric address (-n turns DNS off)",
    ],
    ["two different ports", ["listen", "-p", "1", "2"], "two ports given: '2' and -p '1'"],
    ["bad range", ["connect", "-z", "127.0.0.1", "30-20"], "invalid port range '30-20'"],
    ["bad --max-conns", ["listen", "-k", "-m", "0", "0"], "invalid --max-conns '0'"],
    // Checked before binding or connecting: no "Listening on" first, no refused connection.
    ["bad --backlog", ["listen", "--backlog", "many", "0"], "invalid --backlog 'many'"],
    [
      "bad -i (listen)",
      ["listen", "-i", "soon", "0"],
      "invalid -i value 'soon': expected a time such as 5, 1.5, 500ms, 3s, 2m or 1h",
    ],
    [
      "bad -q (connect)",
      ["connect", "-q", "later", "127.0.0.1", "1"],
      "invalid -q value 'later': expected a time such as 5, 1.5, 500ms, 3s, 2m or 1h",
    ],
  ])("%s", async (_name, args, message) => {
    const { exitCode, stdout, lines } = await run(args);
    expect({ exitCode, stdout, lines }).toEqual({
      exitCode: 2,
      stdout: "",
      lines: [`sockit: ${message}`, HINT],
    });
  });
});

describe("network errors: exactly one line, exit 1", () => {
  test("connection refused names the address and errno", async () => {
    const port = await closedPort();
    const { exitCode, stdout, lines } = await run(["connect", "127.0.0.1", String(port)]);
    expect({ exitCode, stdout, lines }).toEqual({
      exitCode: 1,
      stdout: "",
      lines: [`sockit: connect 127.0.0.1:${port}: [Errno 111] Connection refused`],
    });
  });

  test("refused through the nc shorthand reads the same", async () => {
    const port = await closedPort();
    const { exitCode, lines } = await run(["127.0.0.1", String(port)]);
    expect({ exitCode, lines }).toEqual({
      exitCode: 1,
      lines: [`sockit: connect 127.0.0.1:${port}: [Errno 111] Connection refused`],
    });
  });

  test("a Unix path that does not exist is FileNotFoundError", async () => {
    const path = join(tempDir(), "missing.sock");
    const { exitCode, lines } = await run(["connect", "-U", path]);
    expect({ exitCode, lines }).toEqual({
      exitCode: 1,
      lines: [`sockit: connect ${path}: [Errno 2] No such file or directory`],
    });
  });

  test("a host that does not resolve", async () => {
    const { exitCode, lines } = await run(["connect", "nonexistent.invalid", "80"]);
    expect(exitCode).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toStartWith("sockit: resolve nonexistent.invalid: [Errno -");
  });

  test("a port already in use", async () => {
    await using busy = await boundSocket();
    const port = portOf(busy.getsockname());
    const { exitCode, lines } = await run(["listen", "127.0.0.1", String(port)]);
    expect({ exitCode, lines }).toEqual({
      exitCode: 1,
      lines: [`sockit: listen 127.0.0.1:${port}: [Errno 98] Address already in use`],
    });
  });

  test.each([["-v"], ["-vv"]])("%s keeps an error to its one line", async (flag) => {
    const port = await closedPort();
    const { exitCode, lines } = await run(["connect", flag, "127.0.0.1", String(port)]);
    expect(exitCode).toBe(1);
    expect(lines).toEqual([`sockit: connect 127.0.0.1:${port}: [Errno 111] Connection refused`]);
  });

  test.each([
    ["--debug", ["--debug"], {}],
    ["SOCKIT_DEBUG=1", [], { SOCKIT_DEBUG: "1" }],
  ])("%s adds the stack after the line, for bug reports", async (_, flag, env) => {
    const port = await closedPort();
    const args = ["connect", ...flag, "127.0.0.1", String(port)];
    const { exitCode, lines } = await run(args, { env });
    expect(exitCode).toBe(1);
    expect(lines[0]).toBe(`sockit: connect 127.0.0.1:${port}: [Errno 111] Connection refused`);
    expect(lines.slice(1).join("\n")).toContain("ConnectionRefusedError");
  });

  test("with --json the error is a JSON event", async () => {
    const port = await closedPort();
    const { exitCode, lines } = await run(["connect", "--json", "127.0.0.1", String(port)]);
    expect(exitCode).toBe(1);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      event: "error",
      message: `connect 127.0.0.1:${port}: [Errno 111] Connection refused`,
      errno: 111,
      code: "ECONNREFUSED",
    });
  });
});
