/** The selectors echo server from Python's documentation and its port print the same. */
import { expect, test } from "bun:test";
import { socket } from "../../src/index.ts";
import { normalized, ServerScript } from "../_script.ts";

async function session(cmd: string[]): Promise<string> {
  const server = new ServerScript(cmd);
  try {
    const port = await server.port();
    for (const n of [1, 2]) {
      await using client = socket();
      await client.connect(["127.0.0.1", port]);
      await client.sendall(Buffer.from(`hello ${n}\n`));
      expect((await client.recv(100)).toString()).toBe(`hello ${n}\n`);
      client.close();
      await server.waitFor("closing", n);
    }
    return normalized(server.output);
  } finally {
    await server.kill();
  }
}

test("the docs' selectors echo server, in Python and ported, serve two clients alike", async () => {
  const python = await session(["python3", "scripts/port/selectors_echo.py", "0"]);
  const ported = await session([process.execPath, "scripts/port/selectors-echo.ts", "0"]);
  expect(python).toContain("echoing b'hello 2\\n' to <socket.socket fd=N");
  expect(ported).toBe(python);
});
