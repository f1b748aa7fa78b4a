/**
 * Descriptor exhaustion: a `listen -k` under `ulimit -n 64` with 100 clients. It must not spin
 * (Bun's own accept loop retries EMFILE at once, forever), must say `Too many open files` at most
 * once a second with -v, must keep serving the clients it has, and must accept the waiting ones
 * once descriptors are free again.
 */
import { afterEach, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { Child } from "./_child.ts";
import { cleanup, peer, SOCKIT } from "./_cli.ts";

afterEach(cleanup);

const CLIENTS = 100;

/** Opens CLIENTS connections, each sending "cN\n"; on "close\n" from stdin closes the first half. */
const HOLDER = `
import socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
conns = []
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"c%d\\n" % i)
    conns.append(s)
print("all connected", flush=True)
sys.stdin.readline()
for s in conns[: n // 2]:
    s.close()
print("closed half", flush=True)
sys.stdin.readline()
`;

/** User + system CPU seconds the process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

test("ulimit -n 64, 100 clients: no spinning, one line a second at most, everyone served in the end", async () => {
  const server = new Child(
    ["sh", "-c", `ulimit -n 64 && exec "${SOCKIT}" listen -k -v 127.0.0.1 0`],
    {},
    "sockit listen -k -v (ulimit -n 64)",
  );
  const port = String(await server.listening());
  const holder = peer(["python3", "-c", HOLDER, port, String(CLIENTS)], { open: true });
  await holder.waitForStdout("all connected");
  await server.waitFor(/Too many open files/);
  // Exhausted: measure what the listener costs while it waits for a descriptor.
  const before = { cpu: cpuSeconds(server.proc.pid), at: performance.now() };
  const saidBefore = server.stderr.match(/Too many open files/g)?.length ?? 0;
  await Bun.sleep(1500);
  const seconds = (performance.now() - before.at) / 1000;
  const cpuShare = (cpuSeconds(server.proc.pid) - before.cpu) / seconds;
  const said = (server.stderr.match(/Too many open files/g)?.length ?? 0) - saidBefore;
  expect(cpuShare).toBeLessThan(0.2);
  expect(said).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
  expect(server.stderr).toContain(
    "sockit: accept: [Errno 24] Too many open files; serving the clients already here.",
  );
  // The clients it holds are still served: their lines are already on stdout.
  const servedWhileFull = server.stdout.split("\n").filter(Boolean).length;
  expect(servedWhileFull).toBeGreaterThan(40);
  expect(servedWhileFull).toBeLessThan(CLIENTS);
  // Free half the descriptors: the clients that waited in the kernel are accepted now.
  holder.write("close\n");
  await holder.waitForStdout("closed half");
  for (let i = 0; i < CLIENTS; i++) await server.waitForStdout(`c${i}\n`);
  await holder.end();
  await holder.finish();
  expect((await server.terminate()).exitCode).toBe(143);
}, 20_000);
