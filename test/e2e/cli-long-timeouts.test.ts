/**
 * -i, -q and -w longer than one JavaScript timer holds (2^31-1 ms, 24.8 days): the session
 * goes on as it would without them, with no TimeoutOverflowWarning; beyond the library's limit
 * (2^63 ns) the value is a usage error. An overflowed timer fires 1 ms after it is set, so
 * letting a 50 ms socket timeout pass first gives it every chance to show.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { TimeoutError } from "../../src/index.ts";
import { bytes, connectedPair, expectRaises, listener, tracked } from "../_helpers.ts";
import { cleanup, run, sockit } from "./_cli.ts";

afterEach(cleanup);

const LONG = "3000000";

async function aShortTimeoutPassed(): Promise<void> {
  const [, conn] = await connectedPair();
  conn.settimeout(0.05);
  await expectRaises(() => conn.recv(1), TimeoutError, "timed out");
}

describe("timeouts of 35 days", () => {
  test.each([
    ["-i", LONG],
    ["-w", LONG],
    ["-q", LONG],
  ])("connect %s %s: the reply that comes later still arrives", async (flag, value) => {
    const srv = await listener();
    const [, port] = srv.getsockname() as [string, number];
    const client = sockit(["connect", flag, value, "127.0.0.1", String(port)], { open: true });
    const [conn] = await srv.accept();
    await conn.sendall(bytes("hello\n"));
    await client.waitForStdout("hello\n");
    // -q counts from stdin's EOF.
    if (flag === "-q") await client.end();
    await aShortTimeoutPassed();
    await conn.sendall(bytes("reply\n"));
    conn.close();
    await client.end();
    expect(await client.finish()).toMatchObject({
      exitCode: 0,
      stdout: "hello\nreply\n",
      stderr: "",
    });
  });

  test("listen -q: a client that writes after stdin's EOF is still heard", async () => {
    const server = sockit(["listen", "-v", "-q", LONG, "127.0.0.1", "0"], { input: "" });
    const port = await server.listening();
    const client = tracked();
    await client.connect(["127.0.0.1", port]);
    await server.waitFor(/Connection from/);
    await aShortTimeoutPassed();
    await client.sendall(bytes("late\n"));
    client.close();
    const done = await server.finish();
    expect(done).toMatchObject({ exitCode: 0, stdout: "late\n" });
    expect(done.stderr).not.toContain("Warning");
  });
});

describe("beyond 2^63 ns", () => {
  test.each(["-i", "-q", "-w"])("%s 10000000000: usage error", async (flag) => {
    const done = await run(["connect", flag, "10000000000", "127.0.0.1", "9"]);
    expect(done.exitCode).toBe(2);
    expect(done.lines[0]).toBe(
      `sockit: invalid ${flag} value '10000000000': at most 9223372036 seconds`,
    );
  });
});
