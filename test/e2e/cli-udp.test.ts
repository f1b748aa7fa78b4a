/** `-u`: datagrams, a client that waits for replies after stdin ends, a listener for many peers. */
import { afterEach, describe, expect, test } from "bun:test";
import { closedPort } from "../_helpers.ts";
import { cleanup, type SpawnOptions, sockit } from "./_cli.ts";

afterEach(cleanup);

const PEER = /^sockit: Connection from 127\.0\.0\.1:\d+\.$/m;

async function listenUdp(args: string[] = [], options: SpawnOptions = {}) {
  const server = sockit(["listen", "-u", "-v", ...args, "127.0.0.1", "0"], options);
  return { server, port: String(await server.listening()) };
}

describe("listen -u", () => {
  test("prints every datagram, from the first peer on", async () => {
    const { server, port } = await listenUdp();
    const client = sockit(["connect", "-u", "127.0.0.1", port], { open: true });
    client.write("one\n");
    await server.waitForStdout("one\n");
    client.write("two\n");
    await server.waitForStdout("one\ntwo\n");
    await client.end();
    expect(await client.finish()).toMatchObject({ exitCode: 0, stdout: "" });
    const served = await server.terminate();
    expect(served).toMatchObject({ exitCode: 143, stdout: "one\ntwo\n" });
    expect(served.lines[0]).toBe(`sockit: Listening on 127.0.0.1:${port}`);
    expect(served.lines[1]).toMatch(PEER);
    // Two datagrams from one peer: it is announced once, not per datagram.
    expect(served.stderr.match(new RegExp(PEER, "gm"))).toHaveLength(1);
  });

  test("answers every peer: stdin goes to each one that has written", async () => {
    const { server, port } = await listenUdp([], { open: true });
    const first = sockit(["connect", "-u", "127.0.0.1", port], { open: true });
    const second = sockit(["connect", "-u", "127.0.0.1", port], { open: true });
    first.write("first\n");
    await server.waitFor(PEER, 1);
    second.write("second\n");
    await server.waitFor(PEER, 2);
    server.write("to both\n");
    await Promise.all([first.waitForStdout("to both\n"), second.waitForStdout("to both\n")]);
    await Promise.all([first.end(), second.end()]);
    expect(await first.finish()).toMatchObject({ exitCode: 0, stdout: "to both\n" });
    expect(await second.finish()).toMatchObject({ exitCode: 0, stdout: "to both\n" });
    expect(await server.terminate()).toMatchObject({ exitCode: 143, stdout: "first\nsecond\n" });
  });

  test("a stdin read longer than one datagram is split, none of it lost", async () => {
    // 96 kB: one 64 KiB pipe read is more than a datagram holds, yet all fits the receive buffer.
    const data = Array.from(
      { length: 8000 },
      (_, i) => `line ${String(i).padStart(6, "0")}\n`,
    ).join("");
    const { server, port } = await listenUdp([], { open: true });
    const client = sockit(["connect", "-u", "127.0.0.1", port], { open: true });
    client.write("hi\n");
    await server.waitForStdout("hi\n");
    server.write(data);
    await client.waitForStdout("line 007999\n");
    await client.end();
    const received = await client.finish();
    expect(received.exitCode).toBe(0);
    expect(received.stdout.length).toBe(data.length);
    expect(received.stdout === data).toBe(true);
    expect((await server.terminate()).exitCode).toBe(143);
  });

  test("-i ends a listener nobody writes to, as a timeout (exit 1)", async () => {
    const { server } = await listenUdp(["-i", "0.2"]);
    const finished = await server.finish();
    expect(finished).toMatchObject({ exitCode: 1, stdout: "" });
    expect(finished.lines).toContain("sockit: Idle timeout expired (0.2 s).");
  });
});

describe("connect -u", () => {
  test("keeps reading replies after stdin ends, then exits by itself", async () => {
    const { server, port } = await listenUdp(["--echo"]);
    // stdin ends at once; the echo can only arrive after that, so this is the late reply.
    const client = await sockit(["connect", "-u", "127.0.0.1", port], { input: "ping\n" }).finish();
    expect(client).toMatchObject({ exitCode: 0, stdout: "ping\n", stderr: "" });
    expect((await server.terminate()).exitCode).toBe(143);
  });

  test("an --echo listener answers each peer with its own datagrams", async () => {
    const { server, port } = await listenUdp(["--echo"]);
    const [a, b] = await Promise.all(
      ["from a\n", "from b\n"].map((input) =>
        sockit(["connect", "-u", "127.0.0.1", port], { input }).finish(),
      ),
    );
    expect(a).toMatchObject({ exitCode: 0, stdout: "from a\n" });
    expect(b).toMatchObject({ exitCode: 0, stdout: "from b\n" });
    const served = await server.terminate();
    expect(served.stderr.match(new RegExp(PEER, "gm"))).toHaveLength(2);
  });

  test("-v says it is sending to the peer: nothing is connected over UDP", async () => {
    const { server, port } = await listenUdp();
    const client = await sockit(["connect", "-u", "-v", "-q", "0", "127.0.0.1", port], {
      input: "hi\n",
    }).finish();
    expect(client.exitCode).toBe(0);
    expect(client.lines).toContain(`sockit: Sending to 127.0.0.1:${port}.`);
    expect(client.stderr).not.toContain("Connected to");
    await server.waitForStdout("hi\n");
    expect((await server.terminate()).exitCode).toBe(143);
  });

  test("-q 0 stops waiting for replies at stdin EOF", async () => {
    const { server, port } = await listenUdp();
    const client = await sockit(["connect", "-u", "-q", "0", "127.0.0.1", port], {
      input: "fire and forget\n",
    }).finish();
    expect(client).toMatchObject({ exitCode: 0, stdout: "" });
    await server.waitForStdout("fire and forget\n");
    expect((await server.terminate()).exitCode).toBe(143);
  });

  test("a closed port: the ICMP refusal ends the client with exit 1", async () => {
    const port = await closedPort();
    const client = await sockit(["connect", "-u", "127.0.0.1", String(port)], {
      input: "anyone?\n",
    }).finish();
    expect({ exitCode: client.exitCode, stdout: client.stdout, lines: client.lines }).toEqual({
      exitCode: 1,
      stdout: "",
      lines: [`sockit: connect 127.0.0.1:${port}: [Errno 111] Connection refused`],
    });
  });
});
