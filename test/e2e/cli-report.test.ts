/** What sockit tells about a session on stderr: -v messages, -x / -o hex dumps, --json events. */
import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, jsonEvents, type SpawnOptions, sockit, tempDir } from "./_cli.ts";

afterEach(cleanup);

const PAYLOAD = Buffer.concat([Buffer.from("hello, world! 0123456789"), Buffer.from([0, 0xff])]);
/** PAYLOAD as `-x` shows it, without the direction mark: offset, 8+8 hex columns, |ascii|. */
const PAYLOAD_DUMP = [
  "00000000  68 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 20 30 31  |hello, world! 01|",
  `00000010  32 33 34 35 36 37 38 39  00 ff${" ".repeat(18)}  |23456789..|`,
];
const sent = (lines: string[]) => lines.map((line) => `> ${line}`);
const received = (lines: string[]) => lines.map((line) => `< ${line}`);

async function listen(args: string[], options: SpawnOptions = {}) {
  const server = sockit(["listen", ...args, "127.0.0.1", "0"], options);
  return { server, port: String(await server.listening()) };
}

describe("-v", () => {
  test("both sides tell where they listen and connect, and sum up the session", async () => {
    const { server, port } = await listen(["-v"], { input: "12345\n" });
    const client = await sockit(["connect", "-v", "127.0.0.1", port], {
      input: "hello, world\n",
    }).finish();
    const served = await server.finish();
    expect(client.exitCode).toBe(0);
    expect(served.exitCode).toBe(0);
    const local = client.lines[0]?.match(/^sockit: Connected to 127\.0\.0\.1:(\d+)\.$/);
    expect(local?.[1]).toBe(port);
    expect(client.lines[1]).toMatch(
      /^sockit: 13 bytes sent, 6 bytes received in \d+\.\d\d seconds\.$/,
    );
    expect(client.lines).toHaveLength(2);
    expect(served.lines[0]).toBe(`sockit: Listening on 127.0.0.1:${port}`);
    expect(served.lines[1]).toMatch(/^sockit: Connection from 127\.0\.0\.1:\d+\.$/);
    expect(served.lines[2]).toMatch(
      /^sockit: 6 bytes sent, 13 bytes received in \d+\.\d\d seconds\.$/,
    );
    expect(served.lines).toHaveLength(3);
  });

  test("without -v a session with a chosen port says nothing at all", async () => {
    const server = sockit(["listen", "--json", "127.0.0.1", "0"]);
    const port = String(await server.listening());
    const client = await sockit(["connect", "127.0.0.1", port], { input: "quiet\n" }).finish();
    expect(client).toMatchObject({ exitCode: 0, stderr: "" });
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "quiet\n" });
  });
});

describe("hex dumps", () => {
  test("-x dumps what is sent (>) and received (<) on stderr, and nothing on stdout", async () => {
    const { server, port } = await listen([], { input: PAYLOAD });
    const client = await sockit(["connect", "-x", "127.0.0.1", port], { input: PAYLOAD }).finish();
    expect(client.exitCode).toBe(0);
    expect(client.stdoutBytes.equals(PAYLOAD)).toBe(true);
    // The two directions run at once, so only the order within each is fixed.
    expect(client.lines.filter((line) => line.startsWith(">"))).toEqual(sent(PAYLOAD_DUMP));
    expect(client.lines.filter((line) => line.startsWith("<"))).toEqual(received(PAYLOAD_DUMP));
    expect(client.lines).toHaveLength(4);
    expect((await server.finish()).exitCode).toBe(0);
  });

  test("offsets count on across reads, per direction", async () => {
    const { server, port } = await listen(["-x"], { open: true });
    const client = sockit(["connect", "127.0.0.1", port], { open: true });
    server.write("abc");
    await client.waitForStdout("abc");
    server.write("defghijklmnopqrst");
    await client.waitForStdout("t");
    await Promise.all([server.end(), client.end()]);
    expect(await client.finish()).toMatchObject({ exitCode: 0, stdout: "abcdefghijklmnopqrst" });
    const served = await server.finish();
    expect(served.lines.filter((line) => line.startsWith(">"))).toEqual([
      `> 00000000  61 62 63${" ".repeat(40)}  |abc|`,
      "> 00000003  64 65 66 67 68 69 6a 6b  6c 6d 6e 6f 70 71 72 73  |defghijklmnopqrs|",
      `> 00000013  74${" ".repeat(46)}  |t|`,
    ]);
  });

  test("--hex-dump FILE writes the dump to FILE and not to stderr", async () => {
    const file = join(tempDir(), "dump.txt");
    const { server, port } = await listen(["--hex-dump", file]);
    const client = await sockit(["connect", "127.0.0.1", port], { input: PAYLOAD }).finish();
    expect(client.exitCode).toBe(0);
    const served = await server.finish();
    expect(served.exitCode).toBe(0);
    expect(served.lines).toEqual([`sockit: Listening on 127.0.0.1:${port}`]);
    expect(readFileSync(file, "utf8")).toBe(
      received(PAYLOAD_DUMP)
        .map((line) => `${line}\n`)
        .join(""),
    );
  });

  test("-o FILE is ncat's session file: the raw bytes of both directions, in order", async () => {
    const file = join(tempDir(), "session.bin");
    const { server, port } = await listen(["-v"], { open: true });
    const client = sockit(["connect", "-o", file, "127.0.0.1", port], { open: true });
    client.write("question\n");
    await server.waitForStdout("question\n");
    server.write(PAYLOAD);
    await client.waitForStdout("world");
    await client.end();
    await server.end();
    expect((await client.finish()).exitCode).toBe(0);
    expect((await server.finish()).exitCode).toBe(0);
    expect(readFileSync(file).equals(Buffer.concat([Buffer.from("question\n"), PAYLOAD]))).toBe(
      true,
    );
  });

  test("-x with --hex-dump FILE: the file holds what stderr shows", async () => {
    const file = join(tempDir(), "dump.txt");
    const { server, port } = await listen([], { input: "pong\n" });
    const client = await sockit(["connect", "-x", "--hex-dump", file, "127.0.0.1", port], {
      input: PAYLOAD,
    }).finish();
    expect(client.exitCode).toBe(0);
    expect(client.lines).toHaveLength(3);
    expect(readFileSync(file, "utf8")).toBe(client.stderr);
    expect((await server.finish()).exitCode).toBe(0);
  });
});

describe("--json", () => {
  test("each stderr line is an event with a timestamp, from listening to summary", async () => {
    const { server, port } = await listen(["--json"], { input: "12345\n" });
    const client = await sockit(["connect", "--json", "127.0.0.1", port], {
      input: "hello\n",
    }).finish();
    const served = await server.finish();
    expect(client.exitCode).toBe(0);
    expect(served.exitCode).toBe(0);
    for (const event of [...jsonEvents(client.stderr), ...jsonEvents(served.stderr)]) {
      expect(typeof event.time).toBe("string");
      expect(new Date(event.time as string).toISOString()).toBe(event.time as string);
    }
    const onServer = jsonEvents(served.stderr);
    const onClient = jsonEvents(client.stderr);
    expect(onServer.map((e) => e.event)).toEqual([
      "listening",
      "connected",
      "data",
      "data",
      "closed",
      "summary",
    ]);
    expect(onClient.map((e) => e.event)).toEqual([
      "connected",
      "data",
      "data",
      "closed",
      "summary",
    ]);
    const clientAddress = onClient[0]?.local;
    const serverAt = { host: "127.0.0.1", port: Number(port) };
    expect(onServer[0]).toMatchObject({ address: `127.0.0.1:${port}`, ...serverAt, proto: "tcp" });
    expect(onServer[1]).toMatchObject({ peer: clientAddress, host: "127.0.0.1", direction: "in" });
    expect(typeof onServer[1]?.port).toBe("number");
    expect(onClient[0]).toMatchObject({ peer: `127.0.0.1:${port}`, ...serverAt, direction: "out" });
    expect(onClient[0]).toMatchObject({ local_host: "127.0.0.1" });
    // Every closed names its peer, on the connecting side too.
    const closed = (events: typeof onServer) => events.find((e) => e.event === "closed");
    expect(closed(onServer)).toMatchObject({ peer: clientAddress, host: "127.0.0.1" });
    expect(closed(onClient)).toMatchObject({ peer: `127.0.0.1:${port}`, ...serverAt });
    expect(onServer.at(-1)).toMatchObject({ sent: 6, received: 6 });
    expect(onClient.at(-1)).toMatchObject({ sent: 6, received: 6 });
    const data = onServer
      .filter((e) => e.event === "data")
      .map(({ direction, bytes }) => ({ direction, bytes }));
    expect(data).toContainEqual({ direction: "received", bytes: 6 });
    expect(data).toContainEqual({ direction: "sent", bytes: 6 });
  });
});
