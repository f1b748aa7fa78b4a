/**
 * `listen --broker`: each client's bytes reach every other client (not itself), stdin is one
 * more sender, stdout shows the traffic; clients are python3, nc.openbsd, ncat and sockit, over
 * IPv4, IPv6 and Unix. One client that stops reading is dropped without stalling the rest.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Child, cleanup, jsonEvents, peer, sockit, tempDir } from "./_cli.ts";

afterEach(cleanup);

const CONNECTED = /"event":"connected"/;

/** A broker listener with --json events; its port (or path) once it says it listens. */
async function broker(args: string[], options: Parameters<typeof sockit>[1] = {}) {
  const hub = sockit(["listen", "--broker", "--json", ...args], options);
  const address = await hub.listeningAddress();
  return { hub, port: address.slice(address.lastIndexOf(":") + 1) };
}

/** Each client writes its own line once all are connected; every other one must see it. */
async function eachHearsTheOthers(hub: Child, clients: Child[]) {
  await hub.waitFor(CONNECTED, clients.length);
  clients.forEach((client, i) => {
    client.write(`line ${i}\n`);
  });
  for (const [i, client] of clients.entries()) {
    for (const j of clients.keys()) if (j !== i) await client.waitForStdout(`line ${j}\n`);
  }
  for (const i of clients.keys()) await hub.waitForStdout(`line ${i}\n`);
  for (const client of clients) await client.kill();
  for (const [i, client] of clients.entries()) {
    // Not back to itself: a client's stdout holds only the others' lines.
    expect(client.stdout).not.toContain(`line ${i}\n`);
  }
}

/** python3 as a line-echoing client: stdin to the socket, the socket to stdout. */
function pythonClient(host: string, port: string): Child {
  const script = `
import socket, sys, threading
s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
def pump():
    while data := s.recv(65536):
        sys.stdout.buffer.write(data); sys.stdout.flush()
threading.Thread(target=pump, daemon=True).start()
for line in sys.stdin.buffer:
    s.sendall(line)
`;
  return peer(["python3", "-c", script, host, port], { open: true });
}

describe("listen --broker", () => {
  test("python3, nc.openbsd, ncat and sockit clients each get the others' lines (IPv4)", async () => {
    const { hub, port } = await broker(["127.0.0.1", "0"]);
    await eachHearsTheOthers(hub, [
      pythonClient("127.0.0.1", port),
      peer(["nc.openbsd", "127.0.0.1", port], { open: true }),
      peer(["ncat", "127.0.0.1", port], { open: true }),
      sockit(["connect", "127.0.0.1", port], { open: true }),
    ]);
    expect(await hub.terminate()).toMatchObject({ exitCode: 143 });
  });

  test("IPv6 and IPv4-mapped clients on a dual-stack listener", async () => {
    const { hub, port } = await broker(["0"]);
    await eachHearsTheOthers(hub, [
      pythonClient("::1", port),
      pythonClient("127.0.0.1", port),
      sockit(["connect", "::1", port], { open: true }),
    ]);
    const peers = jsonEvents(hub.stderr)
      .filter((e) => e.event === "connected")
      .map((e) => String(e.peer));
    // The IPv4 client arrives as ::ffff:127.0.0.1, which events show as 127.0.0.1.
    expect(peers.filter((p) => p.startsWith("127.0.0.1:"))).toHaveLength(1);
    expect(peers.filter((p) => p.startsWith("[::1]:"))).toHaveLength(2);
    await hub.terminate();
  });

  test("over a Unix socket, with stdin as one more sender", async () => {
    const path = join(tempDir(), "hub.sock");
    const { hub } = await broker(["-U", path], { open: true });
    const first = sockit(["connect", "-U", path], { open: true });
    const second = peer(["ncat", "-U", path], { open: true });
    await hub.waitFor(CONNECTED, 2);
    hub.write("from stdin\n");
    await Promise.all([first.waitForStdout("from stdin\n"), second.waitForStdout("from stdin\n")]);
    // The hub's own stdin is not echoed to its stdout.
    expect(hub.stdout).toBe("");
    await eachHearsTheOthers(hub, [first, second]);
    await hub.terminate();
  });

  test("over TLS: sockit --ssl, ncat --ssl and openssl s_client clients (throwaway certificate)", async () => {
    const { hub, port } = await broker(["--ssl", "127.0.0.1", "0"]);
    await eachHearsTheOthers(hub, [
      sockit(["connect", "--ssl", "--no-ssl-verify", "127.0.0.1", port], { open: true }),
      peer(["ncat", "--ssl", "127.0.0.1", port], { open: true }),
      peer(["openssl", "s_client", "-quiet", "-connect", `127.0.0.1:${port}`], { open: true }),
    ]);
    expect(await hub.terminate()).toMatchObject({ exitCode: 143 });
  });

  test("a client's EOF ends it after what is queued for it has gone out", async () => {
    const { hub, port } = await broker(["127.0.0.1", "0"]);
    const listener = sockit(["connect", "127.0.0.1", port], { open: true });
    await hub.waitFor(CONNECTED);
    const sender = sockit(["connect", "127.0.0.1", port], { input: "one-shot\n" });
    expect(await sender.finish()).toMatchObject({ exitCode: 0, stdout: "" });
    await listener.waitForStdout("one-shot\n");
    await hub.waitFor(/"event":"closed"/);
    await listener.end();
    await hub.terminate();
  });

  test("--broker-queue and --chat mistakes are usage errors", async () => {
    for (const args of [
      ["--broker", "--broker-queue", "lots", "0"],
      ["--broker-queue", "1M", "0"],
      ["--broker", "-u", "0"],
    ]) {
      const done = await sockit(["listen", ...args]).finish();
      expect(done.exitCode).toBe(2);
      expect(done.lines[0]).toMatch(/^sockit: (invalid --broker-queue|--broker)/);
    }
  });
});

/** The size pushed through the hub (SOCKIT_BROKER_MIB=N for another); about 5 s here. */
const MIB = Number(process.env.SOCKIT_BROKER_MIB ?? 100);
const SLOW_DEADLINE_MS = 60_000;

/** Reads exactly argv[3] bytes and prints "size sha256". */
const RECEIVER = `
import hashlib, socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
want, h, got = int(sys.argv[3]), hashlib.sha256(), 0
print("ready", flush=True)
while got < want:
    data = s.recv(1 << 20)
    if not data: break
    h.update(data); got += len(data)
print(got, h.hexdigest(), flush=True)
`;

/** Sends argv[3] bytes of noise, half-closes, waits for the hub to close; prints the sha256. */
const SENDER = `
import hashlib, random, socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
total, h, rng = int(sys.argv[3]), hashlib.sha256(), random.Random(7)
for _ in range(total >> 20):
    block = rng.randbytes(1 << 20); h.update(block); s.sendall(block)
s.shutdown(socket.SHUT_WR)
while s.recv(65536): pass
print(total, h.hexdigest(), flush=True)
`;

/** Connects and never reads: its window closes, then its queue in the hub fills. */
const NON_READER = `
import socket, sys, time
s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
print("ready", flush=True)
time.sleep(60)
`;

test(
  `${MIB} MiB through the hub: a client that never reads is dropped, the others get it all`,
  async () => {
    const total = String(MIB * 1024 * 1024);
    const { hub, port } = await broker(["127.0.0.1", "0"], {
      onStdout: () => {},
    });
    const args = ["127.0.0.1", port, total];
    const stalled = peer(["python3", "-c", NON_READER, ...args]);
    await stalled.waitForStdout("ready");
    const receivers = [0, 1].map(() => peer(["python3", "-c", RECEIVER, ...args]));
    for (const r of receivers) await r.waitForStdout("ready");
    await hub.waitFor(CONNECTED, 3);
    const started = performance.now();
    const sender = peer(["python3", "-c", SENDER, ...args]);
    const sent = (await sender.finish(SLOW_DEADLINE_MS)).stdout.trim();
    const got = await Promise.all(receivers.map((r) => r.finish(SLOW_DEADLINE_MS)));
    const seconds = (performance.now() - started) / 1000;
    for (const r of got) expect(r.stdout.trim().split("\n").at(-1)).toBe(sent);
    const dropped = jsonEvents(hub.stderr).filter((e) => e.event === "dropped");
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.reason).toBe("it fell 4194304 bytes behind (--broker-queue)");
    // High-water RSS: Bun's own ~50 MB plus bounded queues, however much passes through.
    const status = readFileSync(`/proc/${hub.proc.pid}/status`, "utf8");
    const peakMiB = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
    console.log(
      `broker: ${MIB} MiB in ${seconds.toFixed(2)} s, peak RSS ${peakMiB.toFixed(0)} MiB`,
    );
    expect(peakMiB).toBeLessThan(160);
    await hub.terminate();
  },
  SLOW_DEADLINE_MS,
);
