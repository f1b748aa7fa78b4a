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

/** Serves one client and returns what the server and the client printed. */
async function session(serverCmd: string[], clientCmd: string[], kind: string) {
  const server = new ServerScript(serverCmd);
  try {
    const port = String(await server.port());
    const client = await output([...clientCmd, port, kind, "hello", "world"]);
    await server.waitFor("world'");
    return { server: normalized(server.output), client };
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
  const python = await session(["python3", `scripts/port/${py}`, "0", ...extra], PY_CLIENT, kind);
  const ported = await session([BUN, `scripts/port/${ts}`, "0", ...extra], TS_CLIENT, kind);
  expect(python).toEqual({
    server: "listening on PORT\n127.0.0.1 wrote:\nb'hello world'\n",
    client: "Sent:     hello world\nReceived: HELLO WORLD\n",
  });
  expect(ported).toEqual(python);
});

test("the ported TCP server answers Python's client, and the ported client Python's server", async () => {
  const portedServer = await session(
    [BUN, "scripts/port/socketserver-tcp.ts", "0"],
    PY_CLIENT,
    "tcp",
  );
  const portedClient = await session(
    ["python3", "scripts/port/socketserver_tcp.py", "0"],
    TS_CLIENT,
    "tcp",
  );
  expect(portedClient).toEqual(portedServer);
  expect(portedServer.client).toBe("Sent:     hello world\nReceived: HELLO WORLD\n");
});

test("the docs' ThreadingMixIn example and its port print the same", async () => {
  const python = await output(["python3", "scripts/port/socketserver_threaded.py"]);
  const ported = await output([BUN, "scripts/port/socketserver-threaded.ts"]);
  expect(python).toContain("Received: Thread-4 (process_request_thread): Hello World 3\n");
  expect(ported).toBe(python);
});
