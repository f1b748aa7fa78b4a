/**
 * A Python script ends when its last line has run, whatever sockets it left open; only a call
 * that waits (accept, recv, select...) keeps the process alive. Each case runs a real script.
 */
import { expect, test } from "bun:test";
import { resolve } from "node:path";
import { AF_INET, socket } from "../../src/index.ts";

const LIBRARY = resolve(import.meta.dir, "../../src/index.ts");
/** Kills a script that failed to end, so a regression fails the test instead of hanging it. */
const KILL_AFTER_MS = 4000;

function spawnScript(body: string) {
  const code = `import * as socket from ${JSON.stringify(LIBRARY)};\n${body}`;
  return Bun.spawn([process.execPath, "-e", code], {
    stdout: "pipe",
    stderr: "pipe",
    timeout: KILL_AFTER_MS,
  });
}

async function run(body: string) {
  const child = spawnScript(body);
  const [stdout, stderr] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  await child.exited;
  return { stdout, stderr, exitCode: child.exitCode, signal: child.signalCode };
}

const LEFT_OPEN: [string, string][] = [
  [
    "a listening TCP socket",
    `const s = socket.socket(); await s.bind(["127.0.0.1", 0]); s.listen();`,
  ],
  [
    "a listening AF_UNIX socket",
    `const dir = (await import("node:fs")).mkdtempSync("/tmp/sockit-exit-");
     const s = socket.socket(socket.AF_UNIX); await s.bind(dir + "/s"); s.listen();`,
  ],
  [
    "a bound UDP socket",
    `const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); await s.bind(["127.0.0.1", 0]);`,
  ],
  [
    "a connected UDP socket",
    `const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); await s.connect(["127.0.0.1", 9]);`,
  ],
  [
    "both ends of a TCP connection, after EOF",
    `const srv = socket.socket(); await srv.bind(["127.0.0.1", 0]); srv.listen();
     const c = socket.socket(); await c.connect(srv.getsockname());
     const [conn] = await srv.accept(); await conn.sendall(Buffer.from("x")); conn.shutdown(socket.SHUT_WR);
     await c.recv(10); await c.recv(10);`,
  ],
  [
    "a socketpair after a recv that timed out",
    `const [a, b] = await socket.socketpair(); a.settimeout(0.05);
     try { await a.recv(1); } catch (e) { if (!(e instanceof socket.TimeoutError)) throw e; }`,
  ],
  [
    "sockets after a select() that timed out",
    `const [a, b] = await socket.socketpair(); await socket.select([a, b], [], [], 0.05);`,
  ],
];

test.each(LEFT_OPEN)("a script that leaves %s open exits 0 when its code ends", async (_, body) => {
  const result = await run(`${body}\nconsole.log("end of script");`);
  expect(result).toEqual({ stdout: "end of script\n", stderr: "", exitCode: 0, signal: null });
});

test("a script waiting in accept() stays alive until a client comes", async () => {
  const child = spawnScript(`
    const s = socket.socket(); await s.bind(["127.0.0.1", 0]); s.listen();
    console.log(s.getsockname()[1]);
    const [conn, addr] = await s.accept();
    console.log("accepted", addr[0], (await conn.recv(10)).toString());`);
  const lines = child.stdout.getReader();
  const first = await lines.read();
  const port = Number(new TextDecoder().decode(first.value));
  // The script got past listen() and is waiting; only a connection can let it print again.
  await using client = socket(AF_INET);
  await client.connect(["127.0.0.1", port]);
  await client.sendall(Buffer.from("hi"));
  let rest = "";
  for (let r = await lines.read(); !r.done; r = await lines.read()) {
    rest += new TextDecoder().decode(r.value);
  }
  expect(await child.exited).toBe(0);
  expect(rest).toBe("accepted 127.0.0.1 hi\n");
});

test("a script waiting in recv() on a socket stays alive until data comes", async () => {
  const child = spawnScript(`
    const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); await s.bind(["127.0.0.1", 0]);
    console.log(s.getsockname()[1]);
    const [data] = await s.recvfrom(100);
    console.log("got", data.toString());`);
  const lines = child.stdout.getReader();
  const port = Number(new TextDecoder().decode((await lines.read()).value));
  await using sender = socket(AF_INET, 2);
  await sender.sendto(Buffer.from("ping"), ["127.0.0.1", port]);
  let rest = "";
  for (let r = await lines.read(); !r.done; r = await lines.read()) {
    rest += new TextDecoder().decode(r.value);
  }
  expect(await child.exited).toBe(0);
  expect(rest).toBe("got ping\n");
});
