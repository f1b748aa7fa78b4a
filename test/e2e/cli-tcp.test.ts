/** TCP sessions between two sockit processes: data both ways, how sessions end, the data flags. */
import { afterEach, describe, expect, test } from "bun:test";
import { closedPort } from "../_helpers.ts";
import { cleanup, run, type SpawnOptions, sockit } from "./_cli.ts";

afterEach(cleanup);

/** Every byte value, then some text: a corrupted or re-encoded byte cannot hide. */
const BINARY = Buffer.concat([
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from("\r\n\0end"),
]);

/** A listener on 127.0.0.1, an OS-chosen port, and that port as read from its -v event. */
async function listen(args: string[] = [], options: SpawnOptions = {}) {
  const server = sockit(["listen", "-v", ...args, "127.0.0.1", "0"], options);
  return { server, port: String(await server.listening()) };
}

describe("listen <-> connect", () => {
  test("bytes arrive unchanged in both directions and both sides exit 0", async () => {
    const reversed = Buffer.from(BINARY).reverse();
    const { server, port } = await listen([], { input: reversed });
    const client = await run(["connect", "127.0.0.1", port], { input: BINARY });
    const served = await server.finish();
    expect(client.exitCode).toBe(0);
    expect(served.exitCode).toBe(0);
    expect(client.stdoutBytes.equals(reversed)).toBe(true);
    expect(served.stdoutBytes.equals(BINARY)).toBe(true);
  });

  test("`echo hi | sockit connect` ends by itself once the listener is done", async () => {
    const { server, port } = await listen();
    const client = await run(["connect", "127.0.0.1", port], { input: "hi\n" });
    expect(client).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "hi\n" });
  });

  test("the listener still sends its whole stdin after the client has half-closed", async () => {
    // -q 5: the answer may take up to 5 s of stdin silence to come (the grace after the EOF).
    const { server, port } = await listen(["-q", "5"], { open: true });
    const client = sockit(["connect", "127.0.0.1", port], { input: "question\n" });
    await server.waitForStdout("question\n");
    server.write("late answer\n");
    await server.end();
    expect(await client.finish()).toMatchObject({ exitCode: 0, stdout: "late answer\n" });
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "question\n" });
  });

  test("listen --echo sends each client's bytes back", async () => {
    const { server, port } = await listen(["--echo"]);
    const client = await run(["connect", "127.0.0.1", port], { input: BINARY });
    expect(client.exitCode).toBe(0);
    expect(client.stdoutBytes.equals(BINARY)).toBe(true);
    const served = await server.finish();
    expect(served).toMatchObject({ exitCode: 0, stdout: "" });
  });

  test.each([
    ["-l PORT", (port: string) => ["-l", port]],
    ["-l -p PORT", (port: string) => ["-l", "-p", port]],
    ["-lp PORT", (port: string) => ["-lp", port]],
    ["-lvp PORT", (port: string) => ["-lvp", port]],
    ["--listen PORT", (port: string) => ["--listen", port]],
  ])("nc shorthand `sockit %s` listens, `sockit HOST PORT` connects", async (_form, argv) => {
    // Port 0 is announced even without -v: the user could not know it otherwise.
    const server = sockit(argv("0"), { input: "down\n" });
    const port = String(await server.listening());
    const client = await run(["127.0.0.1", port], { input: "up\n" });
    expect(client).toMatchObject({ exitCode: 0, stdout: "down\n" });
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "up\n" });
  });

  test("-4 resolves localhost to its IPv4 address on both sides", async () => {
    const server = sockit(["listen", "-4", "-v", "localhost", "0"], { input: "v4\n" });
    const address = await server.listeningAddress();
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    const client = await run(["connect", "-4", "-v", "localhost", address.split(":")[1] as string]);
    expect(client).toMatchObject({ exitCode: 0, stdout: "v4\n" });
    expect(client.lines[0]).toBe(`sockit: Connected to ${address}.`);
    expect((await server.finish()).exitCode).toBe(0);
  });

  test("`sockit -lk PORT` stays up for a second client", async () => {
    const server = sockit(["-lk", "0"]);
    const port = String(await server.listening());
    for (const word of ["one\n", "two\n"]) {
      expect(await run(["127.0.0.1", port], { input: word })).toMatchObject({ exitCode: 0 });
    }
    await server.waitForStdout("one\ntwo\n");
    expect(await server.terminate()).toMatchObject({ exitCode: 143, stdout: "one\ntwo\n" });
  });
});

describe("data flags", () => {
  test("-C sends LF as CRLF and leaves CRLF alone", async () => {
    const { server, port } = await listen();
    const client = await run(["connect", "-C", "127.0.0.1", port], { input: "a\nb\r\nc\n\n" });
    expect(client.exitCode).toBe(0);
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "a\r\nb\r\nc\r\n\r\n" });
  });

  test("-C pairs a CR ending one read with the LF starting the next", async () => {
    const { server, port } = await listen();
    const client = sockit(["connect", "-C", "127.0.0.1", port], { open: true });
    client.write("a\r");
    await server.waitForStdout("a\r");
    client.write("\nb\n");
    await client.end();
    expect((await client.finish()).exitCode).toBe(0);
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "a\r\nb\r\n" });
  });

  test("--send-only sends stdin, ignores what arrives, and ends after stdin", async () => {
    const { server, port } = await listen([], { input: "not for you\n" });
    const client = await run(["connect", "--send-only", "127.0.0.1", port], { input: "sent\n" });
    expect(client).toMatchObject({ exitCode: 0, stdout: "" });
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "sent\n" });
  });

  test.each([["--recv-only"], ["-d"]])(
    "%s prints what arrives and never reads stdin",
    async (flag) => {
      const { server, port } = await listen([], { input: "for you\n" });
      const client = await run(["connect", flag, "127.0.0.1", port], {
        input: "never sent\n",
      });
      expect(client).toMatchObject({ exitCode: 0, stdout: "for you\n" });
      expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "" });
    },
  );

  test("-q 0 quits right after stdin EOF though the peer stays open", async () => {
    const { server, port } = await listen([], { open: true });
    const client = await run(["connect", "-q", "0", "127.0.0.1", port], { input: "bye\n" });
    expect(client).toMatchObject({ exitCode: 0, stdout: "" });
    await server.waitForStdout("bye\n");
    await server.end();
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "bye\n" });
  });

  test("-i ends a session in which nothing moves: a timeout, so exit 1", async () => {
    const { server, port } = await listen([], { open: true });
    const client = await run(["connect", "-v", "-i", "0.2", "127.0.0.1", port], { open: true });
    expect(client.exitCode).toBe(1);
    expect(client.lines).toContain("sockit: Idle timeout expired (0.2 s).");
    await server.end();
    expect(await server.finish()).toMatchObject({ exitCode: 0 });
  });

  test("-s and -p choose the source address and port the listener sees", async () => {
    const { server, port } = await listen();
    const source = await closedPort();
    const client = await run([
      "connect",
      "-s",
      "127.0.0.1",
      "-p",
      String(source),
      "127.0.0.1",
      port,
    ]);
    expect(client.exitCode).toBe(0);
    const served = await server.finish();
    expect(served.lines).toContain(`sockit: Connection from 127.0.0.1:${source}.`);
  });
});
