/**
 * sockit's UDP mode against peers we did not write: python3, socat and nc (netcat-openbsd), as
 * clients of `sockit listen -u --echo` and as servers for `sockit connect -u`. Datagrams have no
 * EOF, so each exchange waits for the expected bytes instead of for the end of a stream.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { type Child, cleanup, peer, sockit } from "./_cli.ts";

afterEach(cleanup);

/** Sends argv[2] in one datagram and prints the one datagram that comes back. */
const PY_CLIENT = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(("127.0.0.1", int(sys.argv[1])))
s.send(sys.argv[2].encode())
sys.stdout.write(s.recv(65536).decode())
`;

/** Receives one datagram, answers it with its upper-case copy, prints it. */
const PY_SERVER = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print("python bound on", s.getsockname()[1], file=sys.stderr, flush=True)
data, sender = s.recvfrom(65536)
s.sendto(data.upper(), sender)
sys.stdout.write(data.decode())
`;

async function echoServer() {
  const server = sockit(["listen", "-u", "--echo", "-v", "127.0.0.1", "0"]);
  return { server, port: String(await server.listening()) };
}

/** Writes `line` to a client with open stdin, waits for its echo, then ends stdin. */
async function echoThrough(client: Child, line: string): Promise<void> {
  client.write(line);
  await client.waitForStdout(line);
  await client.end();
}

describe("sockit listen -u --echo <- peer clients", () => {
  test("python3", async () => {
    const { server, port } = await echoServer();
    const client = await peer(["python3", "-c", PY_CLIENT, port, "hello from python\n"]).finish();
    expect(client).toMatchObject({ exitCode: 0, stdout: "hello from python\n", stderr: "" });
    await server.waitFor(/Connection from 127\.0\.0\.1:\d+\./);
    expect((await server.terminate()).exitCode).toBe(143);
  });

  test("socat", async () => {
    const { server, port } = await echoServer();
    const client = peer(["socat", "-t", "0", "STDIO", `UDP:127.0.0.1:${port}`], { open: true });
    await echoThrough(client, "hello from socat\n");
    expect(await client.finish()).toMatchObject({ exitCode: 0, stdout: "hello from socat\n" });
    expect((await server.terminate()).exitCode).toBe(143);
  });

  test("nc.openbsd", async () => {
    const { server, port } = await echoServer();
    // -W 1: exit after one datagram has come back.
    const client = await peer(["nc.openbsd", "-u", "-W", "1", "127.0.0.1", port], {
      input: "hello from nc\n",
    }).finish();
    expect(client).toMatchObject({ exitCode: 0, stdout: "hello from nc\n" });
    expect((await server.terminate()).exitCode).toBe(143);
  });
});

describe("sockit connect -u -> peer servers", () => {
  test("python3 answers; sockit prints the reply and exits by itself", async () => {
    const server = peer(["python3", "-c", PY_SERVER]);
    const [, port] = await server.waitFor(/^python bound on (\d+)$/m);
    const client = await sockit(["connect", "-u", "127.0.0.1", port as string], {
      input: "shout\n",
    }).finish();
    expect(client).toMatchObject({ exitCode: 0, stdout: "SHOUT\n", stderr: "" });
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "shout\n" });
  });

  test("socat UDP-LISTEN: both directions", async () => {
    const server = peer(["socat", "-d", "-d", "-t", "0", "UDP-LISTEN:0,bind=127.0.0.1", "STDIO"], {
      open: true,
    });
    const [, port] = await server.waitFor(/listening on UDP AF=2 127\.0\.0\.1:(\d+)/);
    const client = sockit(["connect", "-u", "127.0.0.1", port as string], { open: true });
    client.write("to socat\n");
    await server.waitForStdout("to socat\n");
    server.write("to sockit\n");
    await client.waitForStdout("to sockit\n");
    // Each side's stdin EOF ends it: socat at once (-t 0), sockit after its quiet second.
    await Promise.all([server.end(), client.end()]);
    expect(await client.finish()).toMatchObject({ exitCode: 0, stdout: "to sockit\n" });
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "to socat\n" });
  });

  test("nc.openbsd -lu: both directions", async () => {
    // -q 0: quit at stdin EOF, since a UDP peer never sends one.
    const server = peer(["nc.openbsd", "-l", "-u", "-v", "-n", "-q", "0", "127.0.0.1", "0"], {
      open: true,
    });
    const [, port] = await server.waitFor(/^Bound on 127\.0\.0\.1 (\d+)$/m);
    const client = sockit(["connect", "-u", "127.0.0.1", port as string], { open: true });
    client.write("to nc\n");
    await server.waitForStdout("to nc\n");
    server.write("to sockit\n");
    await client.waitForStdout("to sockit\n");
    await Promise.all([server.end(), client.end()]);
    expect(await client.finish()).toMatchObject({ exitCode: 0, stdout: "to sockit\n" });
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "to nc\n" });
  });
});
