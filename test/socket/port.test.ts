import { expect, test } from "bun:test";

/** Runs a script to completion and returns its stdout; fails with its stderr otherwise. */
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

test("a Python UDP + select + module-function script and its line-by-line port print the same", async () => {
  const [python, ported] = await Promise.all([
    output(["python3", "scripts/port/udp_select.py"]),
    output([process.execPath, "scripts/port/udp-select.ts"]),
  ]);
  expect(python).toContain("udp pong 2");
  expect(ported).toBe(python);
});

/** Starts an echo server script on port 0 and reads the port from its first line. */
async function echoServer(cmd: string[]) {
  const child = Bun.spawn([...cmd, "0"], { stdout: "pipe", stderr: "pipe" });
  const reader = child.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`${cmd.join(" ")} exited before listening`);
    text += new TextDecoder().decode(value);
  }
  const port = /listening on (\d+)/.exec(text)?.[1] ?? "";
  const rest = (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      text += new TextDecoder().decode(r.value);
    }
    await child.exited;
    return text.replace(/listening on \d+/, "listening on PORT");
  })();
  return { port, finished: rest };
}

const PY_SERVER = ["python3", "scripts/port/echo_server.py"];
const TS_SERVER = [process.execPath, "scripts/port/echo-server.ts"];
const PY_CLIENT = ["python3", "scripts/port/echo_client.py"];
const TS_CLIENT = [process.execPath, "scripts/port/echo-client.ts"];

test.each([
  ["python server, ported client", PY_SERVER, TS_CLIENT],
  ["ported server, python client", TS_SERVER, PY_CLIENT],
  ["ported server, ported client", TS_SERVER, TS_CLIENT],
])("the echo server and client ported from Python: %s", async (_, serverCmd, clientCmd) => {
  const reference = await echoServer(PY_SERVER);
  const referenceClient = await output([...PY_CLIENT, reference.port]);
  const server = await echoServer(serverCmd);
  const client = await output([...clientCmd, server.port]);
  expect(client).toBe(referenceClient);
  expect(await server.finished).toBe(await reference.finished);
});

test("a line-protocol client on makefile('rw') and its port print the same against the echo server", async () => {
  const outputs: string[] = [];
  for (const client of [
    ["python3", "scripts/port/line_client.py"],
    [process.execPath, "scripts/port/line-client.ts"],
  ]) {
    const server = await echoServer(PY_SERVER);
    outputs.push(await output([...client, server.port]));
    await server.finished;
  }
  expect(outputs[0]).toContain("reply 2 'QUIT #2\\r\\n'");
  expect(outputs[1]).toBe(outputs[0] as string);
});
