/** `listen -k`: many clients, at once and one after another, and `-m` capping how many at once. */
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, sockit } from "./_cli.ts";

afterEach(cleanup);

/** A -k listener on 127.0.0.1, an OS-chosen port, and that port from its -v event. */
async function keepOpen(args: string[] = [], options: Parameters<typeof sockit>[1] = {}) {
  const server = sockit(["listen", "-k", "-v", ...args, "127.0.0.1", "0"], options);
  return { server, port: String(await server.listening()) };
}

const CONNECTION = /^sockit: Connection from 127\.0\.0\.1:\d+\.$/m;

describe("listen -k", () => {
  test("serves two clients at the same time (--echo)", async () => {
    const { server, port } = await keepOpen(["--echo"]);
    const first = sockit(["connect", "127.0.0.1", port], { open: true });
    first.write("first\n");
    await first.waitForStdout("first\n");
    const second = sockit(["connect", "127.0.0.1", port], { open: true });
    second.write("second\n");
    await second.waitForStdout("second\n");
    // The first client is still served while the second is connected.
    first.write("first again\n");
    await first.waitForStdout("first again\n");
    await Promise.all([first.end(), second.end()]);
    expect(await first.finish()).toMatchObject({ exitCode: 0, stdout: "first\nfirst again\n" });
    expect(await second.finish()).toMatchObject({ exitCode: 0, stdout: "second\n" });
    expect(server.stderr.match(new RegExp(CONNECTION, "gm"))).toHaveLength(2);
    expect(await server.terminate()).toMatchObject({ exitCode: 143, stdout: "" });
  });

  test("joins every client to stdout, and stdin goes to all of them", async () => {
    const { server, port } = await keepOpen([], { open: true });
    const first = sockit(["connect", "127.0.0.1", port], { open: true });
    await server.waitFor(CONNECTION, 1);
    const second = sockit(["connect", "127.0.0.1", port], { open: true });
    await server.waitFor(CONNECTION, 2);
    server.write("to all\n");
    await Promise.all([first.waitForStdout("to all\n"), second.waitForStdout("to all\n")]);
    first.write("from first\n");
    await server.waitForStdout("from first\n");
    second.write("from second\n");
    await server.waitForStdout("from second\n");
    // stdin EOF half-closes every client; each ends when its own stdin ends.
    await server.end();
    await Promise.all([first.end(), second.end()]);
    expect(await first.finish()).toMatchObject({ exitCode: 0, stdout: "to all\n" });
    expect(await second.finish()).toMatchObject({ exitCode: 0, stdout: "to all\n" });
    expect(await server.terminate()).toMatchObject({
      exitCode: 143,
      stdout: "from first\nfrom second\n",
    });
  });

  test("serves clients one after another", async () => {
    const { server, port } = await keepOpen();
    for (const word of ["one", "two", "three"]) {
      const client = sockit(["connect", "127.0.0.1", port], { input: `${word}\n` });
      expect(await client.finish()).toMatchObject({ exitCode: 0, stdout: "" });
      await server.waitForStdout(`${word}\n`);
    }
    const served = await server.terminate();
    expect(served).toMatchObject({ exitCode: 143, stdout: "one\ntwo\nthree\n" });
    expect(served.stderr.match(new RegExp(CONNECTION, "gm"))).toHaveLength(3);
  });

  test("-m 1 turns away a second client while the first is connected", async () => {
    // --json: its `refused` and `closed` events tell when the second was turned away and when
    // the first slot is free again.
    const { server, port } = await keepOpen(["-m", "1", "--json"]);
    const first = sockit(["connect", "127.0.0.1", port], { open: true });
    await server.waitFor(/"event":"connected"/);
    // The kernel completes the handshake; sockit then resets the connection at once, so the
    // turned-away client fails (exit 1) instead of seeing an EOF that reads as success.
    const second = await sockit(["connect", "127.0.0.1", port]).finish();
    expect(second).toMatchObject({ exitCode: 1, stdout: "" });
    // "connect ..." when the reset beats the end of connect(), as it can on a busy machine.
    expect(second.lines).toHaveLength(1);
    expect(second.lines[0]).toMatch(
      new RegExp(
        `^sockit: (connect )?127\\.0\\.0\\.1:${port}: \\[Errno 104\\] Connection reset by peer$`,
      ),
    );
    await server.waitFor(
      /"event":"refused","peer":"127\.0\.0\.1:\d+","host":"127\.0\.0\.1","port":\d+,"reason":"server is full \(already serving 1, --max-conns\)"/,
    );
    first.write("still here\n");
    await server.waitForStdout("still here\n");
    await first.end();
    expect(await first.finish()).toMatchObject({ exitCode: 0 });
    // Once the first is gone, a new client is welcome again.
    await server.waitFor(/"event":"closed"/);
    const third = await sockit(["connect", "127.0.0.1", port], { input: "third\n" }).finish();
    expect(third.exitCode).toBe(0);
    await server.waitForStdout("third\n");
    expect(await server.terminate()).toMatchObject({
      exitCode: 143,
      stdout: "still here\nthird\n",
    });
  });
});
