/**
 * The socketserver examples from Python's documentation (TCP with both handlers, UDP, the
 * threaded one) and their ports print the same, with Python's and the ported clients.
 */
import { expect, test } from "bun:test";
import { normalized, ServerScript } from "../_script.ts";

const BUN = process.execPath;
const PY_CLIENT = ["python3", "scripts/port/socketserver_client.py"];
const TS_CLIENT = [BUN, "scripts/port/socketserver-client.ts"];

async function output(cmd: string[]): Promise<string> {
  const child = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) throw new Error(`${cmd.join(" ")} exited ${code}: ${stderr}`);
  return stdout;
}

/** Serves one client of each kind (Python's, then the port), and returns everything printed. */
async function session(serverCmd: string[], kind: string) {
  const server = new ServerScript(serverCmd);
  try {
    const port = String(await server.port());
    const clients: string[] = [];
    for (const [n, client] of [PY_CLIENT, TS_CLIENT].entries()) {
      clients.push(await output([...client, port, kind, "hello", "world", String(n)]));
      await server.waitFor("wrote:", n + 1);
      await server.waitFor(`world ${n}'`);
    }
    return { server: normalized(server.output), clients };
  } finally {
    await server.kill();
  }
}

test.each([
  ["TCPServer + BaseRequestHandler", "socketserver_tcp.py", "socketserver-tcp.ts", "tcp", []],
  [
    "TCPServer + StreamRequestHandler",
    "socketserver_tcp.py",
    "socketserver-tcp.ts",
    "tcp",
    ["stream"],
  ],
  ["UDPServer", "socketserver_udp.py", "socketserver-udp.ts", "udp", []],
])("the docs' %s example and its port print the same", async (_, py, ts, kind, extra) => {
  const python = await session(["python3", `scripts/port/${py}`, "0", ...extra], kind);
  const ported = await session([BUN, `scripts/port/${ts}`, "0", ...extra], kind);
  expect(python.clients[1]).toBe("Sent:     hello world 1\nReceived: HELLO WORLD 1\n");
  expect(python.clients).toEqual([
    python.clients[1]?.replaceAll("1", "0") ?? "",
    python.clients[1] ?? "",
  ]);
  expect(ported).toEqual(python);
  expect(python.server).toContain("127.0.0.1 wrote:\nb'hello world 1'\n");
});

test("the docs' ThreadingMixIn example and its port print the same", async () => {
  const python = await output(["python3", "scripts/port/socketserver_threaded.py"]);
  const ported = await output([BUN, "scripts/port/socketserver-threaded.ts"]);
  expect(python).toContain("Received: Thread-4 (process_request_thread): Hello World 3\n");
  expect(ported).toBe(python);
});
