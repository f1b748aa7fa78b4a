/**
 * `-e` / `-c` over UDP, as ncat runs them, against python3 peers: a listener takes the first
 * sender as its client and starts the program for it (-k: a program per sender); a client's
 * program talks to a UDP server, each of its writes one datagram, and its exit ends sockit.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { closeSync, constants, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { AF_INET, SOCK_DGRAM, socket } from "../../src/index.ts";
import { DEADLINE_MS } from "./_child.ts";
import { cleanup, jsonEvents, peer, sockit, tempDir } from "./_cli.ts";

afterEach(cleanup);

/**
 * Sends each of argv[3...] as one datagram to port argv[1], then prints what comes back until
 * argv[2] bytes have arrived; its own port goes to stderr first.
 */
const PY_CLIENT = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(("127.0.0.1", int(sys.argv[1])))
print("client port", s.getsockname()[1], file=sys.stderr, flush=True)
for message in sys.argv[3:]:
    s.send(message.encode())
got = b""
while len(got) < int(sys.argv[2]):
    got += s.recv(65536)
sys.stdout.write(got.decode())
`;

/** Prints the first datagram and its sender, answers "pong", prints the second datagram. */
const PY_SERVER = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print("python bound on", s.getsockname()[1], file=sys.stderr, flush=True)
first, sender = s.recvfrom(65536)
print(first.decode().strip(), "from %s:%d" % sender, flush=True)
s.sendto(b"pong\\n", sender)
second, _ = s.recvfrom(65536)
print(second.decode().strip(), flush=True)
`;

async function udpListener(args: string[], host = ["127.0.0.1"]) {
  const server = sockit(["listen", "-u", "-v", ...args, ...host, "0"]);
  return { server, port: String(await server.listening()) };
}

function client(port: string, expect: string, ...messages: string[]) {
  return peer(["python3", "-c", PY_CLIENT, port, String(expect.length), ...messages]);
}

describe("sockit listen -u -e / -c <- python3 clients", () => {
  test("the first datagram starts the program and is its input; its exit ends the listener", async () => {
    // Both datagrams leave at once: the second reaches a program that has stopped reading.
    const { server, port } = await udpListener(["-c", 'read line; echo "got $line"']);
    const done = await client(port, "got one\n", "one\n", "two\n").finish();
    expect(done).toMatchObject({ exitCode: 0, stdout: "got one\n" });
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "" });
  });

  test("a program that has closed its stdin still gets its output to the client", async () => {
    const go = join(tempDir(), "go");
    expect(Bun.spawnSync(["mkfifo", go]).exitCode).toBe(0);
    // It holds the FIFO open before it says ready, so the test's write below never waits.
    const script = `read first; exec 0<&- 3<>${go}; echo ready; read line <&3; echo "$line"`;
    const { server, port } = await udpListener(["--json", "-c", script]);
    await using conn = socket(AF_INET, SOCK_DGRAM);
    await conn.connect(["127.0.0.1", Number(port)]);
    // A reply that never comes fails the test with a timeout, not a hang.
    conn.settimeout(DEADLINE_MS / 1000);
    await conn.send(Buffer.from("start\n"));
    expect((await conn.recv(100)).toString()).toBe("ready\n");
    // This one meets a closed pipe (EPIPE): that ends the program's input, not the session.
    await conn.send(Buffer.from("unread\n"));
    await server.waitFor(/"event":"data","direction":"received"/, 2);
    const fifo = openSync(go, constants.O_WRONLY | constants.O_NONBLOCK);
    writeSync(fifo, "bye\n");
    closeSync(fifo);
    expect((await conn.recv(100)).toString()).toBe("bye\n");
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "" });
  });

  test("-e cat echoes every datagram of its client", async () => {
    const { server, port } = await udpListener(["-e", "cat"]);
    const first = await client(port, "hello\nagain\n", "hello\n", "again\n").finish();
    expect(first).toMatchObject({ exitCode: 0, stdout: "hello\nagain\n" });
    expect((await server.terminate()).exitCode).toBe(143);
  });

  test("the program sees NCAT_* and SOCKIT_* for UDP; a dual-stack listener's IPv4 client as IPv4", async () => {
    const script =
      "echo $NCAT_PROTO $SOCKIT_PROTO $NCAT_REMOTE_ADDR:$NCAT_REMOTE_PORT " +
      "$SOCKIT_LOCAL_ADDR:$SOCKIT_LOCAL_PORT $NCAT_LOCAL_ADDR:$NCAT_LOCAL_PORT";
    // No host: `::` with IPv4 too, where the client's datagram arrives as ::ffff:127.0.0.1.
    const { server, port } = await udpListener(["-c", script], []);
    const asker = client(port, "\n", "hi\n");
    const [, from] = await asker.waitFor(/^client port (\d+)$/m);
    const done = await asker.finish();
    const local = `127.0.0.1:${port}`;
    expect(done).toMatchObject({
      exitCode: 0,
      stdout: `UDP UDP 127.0.0.1:${from} ${local} ${local}\n`,
    });
    expect((await server.finish()).exitCode).toBe(0);
  });
});

/**
 * Two senders on one listener: A sends "a1", then B sends "b", then A sends "a2". Prints what
 * A got back, then (when argv[2] is "yes", for -k) what B got back.
 */
const PY_TWO_SENDERS = `
import socket, sys
port, b_answered = int(sys.argv[1]), sys.argv[2] == "yes"
a, b = (socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(2))
for s in (a, b):
    s.connect(("127.0.0.1", port))
a.send(b"a1\\n")
got = a.recv(100)
b.send(b"b\\n")
a.send(b"a2\\n")
got += a.recv(100)
if b_answered:
    got += b.recv(100)
sys.stdout.write(got.decode())
`;

describe("other senders", () => {
  test("without -k a second sender is dropped, as by ncat's connected socket", async () => {
    const { server, port } = await udpListener(["--json", "-e", "cat"]);
    const senders = await peer(["python3", "-c", PY_TWO_SENDERS, port, "no"]).finish();
    expect(senders).toMatchObject({ exitCode: 0, stdout: "a1\na2\n" });
    const done = await server.terminate();
    expect(done.exitCode).toBe(143);
    // b's datagram reached sockit before a2 did, so its session would have been reported.
    expect(jsonEvents(done.stderr).filter((e) => e.event === "connected")).toHaveLength(1);
  });

  test("with -k each sender gets a program of its own", async () => {
    // One line out per datagram in, naming the client the program was started for.
    const script = 'while read line; do echo "$NCAT_REMOTE_PORT $line"; done';
    const { server, port } = await udpListener(["-k", "--json", "-c", script]);
    const senders = await peer(["python3", "-c", PY_TWO_SENDERS, port, "yes"]).finish();
    expect(senders.exitCode).toBe(0);
    const connected = jsonEvents(server.stderr).filter((e) => e.event === "connected");
    const [a, b] = connected.map((e) => e.port);
    expect(senders.stdout).toBe(`${a} a1\n${a} a2\n${b} b\n`);
    expect((await server.terminate()).exitCode).toBe(143);
  });
});

describe("sockit connect -u -e / -c -> a python3 server", () => {
  test("each write of the program is a datagram, each datagram its input; its exit ends sockit", async () => {
    const server = peer(["python3", "-c", PY_SERVER]);
    const [, port] = await server.waitFor(/^python bound on (\d+)$/m);
    const script =
      "echo $NCAT_PROTO $SOCKIT_PROTO $NCAT_REMOTE_ADDR:$NCAT_REMOTE_PORT; " +
      'read reply; echo "got $reply from the server"';
    const client = sockit(["connect", "-u", "-c", script, "127.0.0.1", port as string]);
    const done = await client.finish();
    expect(done).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    const heard = await server.finish();
    expect(heard.exitCode).toBe(0);
    const [first, second] = heard.stdout.split("\n");
    expect(first).toMatch(
      new RegExp(`^UDP UDP 127\\.0\\.0\\.1:${port} from 127\\.0\\.0\\.1:\\d+$`),
    );
    expect(second).toBe("got pong from the server");
  });

  test("NCAT_LOCAL_* name the client's own address", async () => {
    const server = peer(["python3", "-c", PY_SERVER]);
    const [, port] = await server.waitFor(/^python bound on (\d+)$/m);
    const script = "echo $NCAT_LOCAL_ADDR:$NCAT_LOCAL_PORT; read reply; echo $SOCKIT_LOCAL_PORT";
    const done = await sockit([
      "connect",
      "-u",
      "-c",
      script,
      "127.0.0.1",
      port as string,
    ]).finish();
    expect(done.exitCode).toBe(0);
    const [first, second] = (await server.finish()).stdout.split("\n");
    const [local, from] = (first as string).split(" from ");
    expect(local).toBe(from);
    expect(second).toBe((from as string).split(":")[1]);
  });
});
