/**
 * Every address a name stands for (issue 13.1): the client walks them with Happy Eyeballs, a
 * listener without a host serves IPv4 and IPv6. The name's addresses come from a private
 * /etc/hosts (test/_hosts.ts), so the binary's own resolver is what is tested.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { closedPort } from "../_helpers.ts";
import { blackHole, withHosts } from "../_hosts.ts";
import { Child } from "./_child.ts";
import { cleanup, run, SOCKIT, type SpawnOptions, sockit, tempDir } from "./_cli.ts";

afterEach(cleanup);

/** `multi.test` is ::1 first, then 127.0.0.1, as Debian's `localhost` is. */
const HOSTS = "::1 multi.test\n127.0.0.1 multi.test\n";

/** sockit with HOSTS as its /etc/hosts. */
function sockitWithHosts(args: string[], options: SpawnOptions = {}): Child {
  return new Child(
    withHosts(tempDir(), HOSTS, [SOCKIT, ...args]),
    options,
    `sockit ${args.join(" ")}`,
  );
}

async function ipv4Listener(options: SpawnOptions = {}) {
  const server = sockit(["listen", "-v", "127.0.0.1", "0"], options);
  return { server, port: String(await server.listening()) };
}

describe("connect tries every address", () => {
  test("::1 refuses, 127.0.0.1 answers: connected, and -v names the failed attempt", async () => {
    const { server, port } = await ipv4Listener();
    const client = await sockitWithHosts(["connect", "-v", "multi.test", port], {
      input: "hi\n",
    }).finish();
    expect(client.exitCode).toBe(0);
    expect(client.lines).toContain(
      `sockit: connect to multi.test:${port} (::1) failed: [Errno 111] Connection refused`,
    );
    expect(client.lines).toContain(`sockit: Connected to 127.0.0.1:${port}.`);
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "hi\n" });
  });

  test("a black hole on ::1 costs about 250 ms, not the -w timeout", async () => {
    const { server, port } = await ipv4Listener();
    const hole = await blackHole(Number(port));
    try {
      const started = performance.now();
      const client = await sockitWithHosts(["connect", "-w", "10", "multi.test", port], {
        input: "fast\n",
      }).finish();
      expect(client.exitCode).toBe(0);
      expect(performance.now() - started).toBeLessThan(4000);
      expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "fast\n" });
    } finally {
      await hole.kill();
    }
  });

  test("all refused: one line naming the last address, exit 1", async () => {
    const port = await closedPort();
    const client = await sockitWithHosts(["connect", "multi.test", String(port)]).finish();
    expect({ exitCode: client.exitCode, lines: client.lines }).toEqual({
      exitCode: 1,
      lines: [`sockit: connect multi.test:${port} (127.0.0.1): [Errno 111] Connection refused`],
    });
  });

  test("-w bounds the whole walk", async () => {
    const hole = await blackHole();
    const started = performance.now();
    const client = await sockitWithHosts([
      "connect",
      "-6",
      "-w",
      "500ms",
      "multi.test",
      String(hole.port),
    ]).finish();
    await hole.kill();
    expect(client.exitCode).toBe(1);
    expect(client.lines).toEqual([`sockit: connect multi.test:${hole.port} (::1): timed out`]);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  test("-z -v calls a port open that is open on IPv4 only", async () => {
    const { port } = await ipv4Listener();
    const scan = await sockitWithHosts(["connect", "-z", "-v", "multi.test", port]).finish();
    expect(scan.exitCode).toBe(0);
    expect(scan.lines[0]).toBe(`sockit: Connection to multi.test:${port} (tcp) succeeded!`);
  });
});

describe("a listener without a host serves both stacks", () => {
  test("-v says so, and a client on 127.0.0.1 and one on ::1 both get through", async () => {
    const server = sockit(["listen", "-k", "-v", "0"]);
    const address = await server.listeningAddress();
    expect(address).toStartWith("[::]:");
    await server.waitFor(/\(IPv4 and IPv6\)$/m);
    const port = String(await server.listening());
    for (const host of ["127.0.0.1", "::1"]) {
      const client = await run(["connect", "--send-only", host, port], { input: `from ${host}\n` });
      expect(client.exitCode).toBe(0);
      await server.waitForStdout(`from ${host}\n`);
    }
    expect(server.stderr).toContain("Connection from 127.0.0.1:");
    expect(server.stderr).toContain("Connection from [::1]:");
  });

  test.each([
    ["-4", "0.0.0.0:"],
    ["-6", "[::]:"],
  ])("%s restricts it to one stack", async (flag, prefix) => {
    const server = sockit(["listen", flag, "-v", "0"]);
    expect(await server.listeningAddress()).toStartWith(prefix);
    const port = String(await server.listening());
    const other = flag === "-4" ? "::1" : "127.0.0.1";
    const client = await run(["connect", other, port]);
    expect(client.exitCode).toBe(1);
    expect(client.lines[0]).toContain("[Errno 111] Connection refused");
  });
});
