/**
 * select() on what is not a sockit socket, as Python's: integer descriptors, fileno() objects,
 * stdin; a regular file is always ready; a closed descriptor is EBADF. The chat client port
 * selects over stdin and a socket.
 */
import { expect, test } from "bun:test";
import { closeSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OSError, select, socketpair, ValueError } from "../../src/index.ts";
import { tempDir, track } from "../_helpers.ts";
import { normalized, ServerScript } from "../_script.ts";

test("a regular file is readable and writable at once, by number or by fileno()", async () => {
  const path = join(tempDir(), "f");
  writeFileSync(path, "");
  const fd = openSync(path, "r+");
  try {
    const file = { fileno: () => fd };
    expect(await select([fd, file], [file], [], 0)).toEqual([[fd, file], [file], []]);
  } finally {
    closeSync(fd);
  }
});

test("a closed descriptor raises EBADF; bad items raise Python's errors", async () => {
  const fd = openSync(join(tempDir(), "g"), "w");
  closeSync(fd);
  await expect(select([fd], [], [], 0)).rejects.toEqual(new OSError(9, "Bad file descriptor"));
  await expect(select([{ fileno: () => "3" }], [], [], 0)).rejects.toThrow(
    new TypeError("fileno() returned a non-integer"),
  );
  await expect(select([-2], [], [], 0)).rejects.toThrow(
    new ValueError("file descriptor cannot be a negative integer (-2)"),
  );
  await expect(select([1.5], [], [], 0)).rejects.toThrow(
    new TypeError("argument must be an int, or have a fileno() method."),
  );
});

test("the number a sockit socket's fileno() gave selects as that socket", async () => {
  const [a, b] = await socketpair();
  track(a);
  track(b);
  const fd = a.fileno();
  expect(await select([fd], [], [], 0)).toEqual([[], [], []]);
  const waiting = select([fd], [], [], null);
  await b.sendall(Buffer.from("x"));
  expect(await waiting).toEqual([[fd], [], []]);
});

test("select waits on a pipe (stdin) until a line arrives", async () => {
  const script = `
    import { select } from ${JSON.stringify(join(import.meta.dir, "../../src/index.ts"))};
    console.log("waiting");
    const [ready] = await select([0], [], [], 5);
    const buf = Buffer.alloc(100);
    console.log("ready", ready, buf.subarray(0, require("node:fs").readSync(0, buf)).toString().trim());`;
  const child = Bun.spawn([process.execPath, "-e", script], { stdin: "pipe", stdout: "pipe" });
  const lines = child.stdout[Symbol.asyncIterator]();
  expect(new TextDecoder().decode((await lines.next()).value)).toBe("waiting\n");
  child.stdin.write("typed\n");
  await child.stdin.flush();
  let rest = "";
  for (let r = await lines.next(); !r.done; r = await lines.next()) {
    rest += new TextDecoder().decode(r.value);
  }
  expect(rest).toBe("ready [ 0 ] typed\n");
  expect(await child.exited).toBe(0);
});

/** Runs a chat client against the Python echo server, typing a line at a time. */
async function chat(clientCmd: string[]): Promise<string> {
  const server = new ServerScript(["python3", "scripts/port/echo_server.py", "0"]);
  const port = await server.port();
  const client = new ServerScript([...clientCmd, String(port)], "pipe");
  try {
    for (const [n, line] of ["hello", "bye"].entries()) {
      client.write(`${line}\n`);
      await client.waitFor("received", n + 1);
    }
    client.endInput();
    await client.waitFor("Disconnected");
    expect(await client.exited()).toBe(0);
    return normalized(client.output);
  } finally {
    await client.kill();
    await server.kill();
  }
}

const CHAT = "received hello\nreceived bye\nDisconnected from server\n";

test.each([
  ["the Python original", ["python3", "scripts/port/chat_client.py"]],
  ["the port", [process.execPath, "scripts/port/chat-client.ts"]],
])("the classic chat client selects over stdin and a socket: %s", async (_, cmd) => {
  expect(await chat(cmd)).toBe(CHAT);
});
