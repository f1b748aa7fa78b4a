/** `--exec` / `--sh-exec`: a program per connection, its environment, its lifetime, no leaks. */
import { afterEach, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { AF_INET, ConnectionResetError, SHUT_WR, SOCK_STREAM, socket } from "../../src/index.ts";
import { boundSocket, cleanup, jsonEvents, run, sockit } from "./_cli.ts";
import { talk } from "./_talk.ts";

afterEach(cleanup);

async function listener(args: string[]) {
  const server = sockit(["listen", "-v", ...args, "127.0.0.1", "0"]);
  return { server, port: await server.listening() };
}

/** Processes whose parent is `pid`, with their state letter (Z: a zombie). */
function childrenOf(pid: number): { pid: number; state: string }[] {
  const found: { pid: number; state: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // The command name sits in parentheses and may hold spaces: fields start after the last ')'.
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(ppid) === pid) found.push({ pid: Number(entry), state: state as string });
  }
  return found;
}

/**
 * Open descriptors of `pid` by kind (socket, pipe, anon_inode:[eventfd], /dev/null...). Bun
 * itself opens and closes /proc/self files now and then (its heap checks read statm), so those,
 * and descriptors closed between listing and reading, are not what the process holds.
 */
function descriptorsOf(pid: number): string[] {
  const kinds = readdirSync(`/proc/${pid}/fd`).map((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).replace(/:\[\d+\]$/, "");
    } catch {
      return "gone";
    }
  });
  return kinds.filter((kind) => kind !== "gone" && !kind.startsWith("/proc/"));
}

/** Polls `probe` until it equals `want` or two seconds pass; returns its last value. */
async function settled<T>(probe: () => T, want: T): Promise<T> {
  const deadline = performance.now() + 2000;
  for (;;) {
    const value = probe();
    if (Bun.deepEquals(value, want) || performance.now() > deadline) return value;
    await Bun.sleep(10);
  }
}

describe("listen --exec", () => {
  test("the connection is the program's stdin and stdout", async () => {
    const { server, port } = await listener(["-e", "tr a-z A-Z"]);
    expect((await talk(port, "hello\n")).toString()).toBe("HELLO\n");
    const done = await server.finish();
    expect(done).toMatchObject({ exitCode: 0, stdout: "" });
  });

  test("-e splits words as a shell would, without expanding anything", async () => {
    const { server, port } = await listener(["-e", `printf '%s|' "two words" $HOME 'a\\b'`]);
    expect((await talk(port)).toString()).toBe("two words|$HOME|a\\b|");
    expect((await server.finish()).exitCode).toBe(0);
  });

  test("-c runs through /bin/sh and sees SOCKIT_* and NCAT_* variables", async () => {
    const script =
      "echo $SOCKIT_REMOTE_ADDR $SOCKIT_REMOTE_PORT $SOCKIT_LOCAL_ADDR $SOCKIT_LOCAL_PORT " +
      "$SOCKIT_PROTO $NCAT_REMOTE_PORT $NCAT_LOCAL_PORT $NCAT_PROTO | tr ' ' ,";
    const { server, port } = await listener(["-c", script]);
    await using client = socket(AF_INET, SOCK_STREAM);
    await client.connect(["127.0.0.1", port]);
    const [, clientPort] = client.getsockname() as [string, number];
    const reply = (await client.recv(1024)).toString();
    expect(reply).toBe(`127.0.0.1,${clientPort},127.0.0.1,${port},TCP,${clientPort},${port},TCP\n`);
    client.close();
    expect((await server.finish()).exitCode).toBe(0);
  });

  test("the program's exit closes the connection after its output is sent", async () => {
    const { server, port } = await listener(["-c", "head -c 300000 /dev/zero; echo err >&2"]);
    await using client = socket(AF_INET, SOCK_STREAM);
    await client.connect(["127.0.0.1", port]);
    // The client never half-closes: the program's exit alone must end the session.
    let total = 0;
    for (;;) {
      const chunk = await client.recv(65536);
      if (chunk.length === 0) break;
      total += chunk.length;
    }
    expect(total).toBe(300000);
    const done = await server.finish();
    expect(done.exitCode).toBe(0);
    expect(done.stderr).toContain("err\n");
  });

  test("the client's EOF closes the program's stdin", async () => {
    const { server, port } = await listener(["-e", "wc -c"]);
    expect((await talk(port, "12345")).toString().trim()).toBe("5");
    expect((await server.finish()).exitCode).toBe(0);
  });

  test("with -q a program that outlives the client's EOF is ended", async () => {
    const server = sockit(["listen", "--json", "-q", "0.2", "-e", "sleep 30", "127.0.0.1", "0"]);
    const port = await server.listening();
    expect((await talk(port, "x")).length).toBe(0);
    const done = await server.finish();
    expect(done.exitCode).toBe(0);
    expect(childrenOf(server.proc.pid)).toEqual([]);
    expect(jsonEvents(done.stderr).map((e) => e.event)).toContain("closed");
  });

  test("-k runs one program per client at once, up to -m", async () => {
    const { server, port } = await listener(["-k", "-m", "2", "-e", "cat"]);
    const clients = [socket(AF_INET, SOCK_STREAM), socket(AF_INET, SOCK_STREAM)];
    try {
      for (const [i, client] of clients.entries()) {
        await client.connect(["127.0.0.1", port]);
        await client.sendall(Buffer.from(`client ${i}\n`));
        expect((await client.recv(100)).toString()).toBe(`client ${i}\n`);
      }
      expect(childrenOf(server.proc.pid)).toHaveLength(2);
      // A third client while two are served is turned away with a reset.
      await expect(talk(port)).rejects.toBeInstanceOf(ConnectionResetError);
      await server.waitFor(/Refused 127\.0\.0\.1:\d+: server is full \(already serving 2/);
    } finally {
      for (const client of clients) client.close();
    }
    expect((await server.terminate()).exitCode).toBe(143);
  });

  test("200 connections leave no zombie and no descriptor behind", async () => {
    const server = sockit(["listen", "--json", "-k", "-m", "20", "-e", "cat", "127.0.0.1", "0"]);
    const port = await server.listening();
    const closed = () => jsonEvents(server.stderr).filter((e) => e.event === "closed").length;
    const batch = async (from: number) => {
      const words = Array.from({ length: 20 }, (_, i) => `connection ${from + i}\n`);
      const replies = await Promise.all(words.map((word) => talk(port, word)));
      expect(replies.map(String)).toEqual(words);
      await server.waitFor(/"event":"closed"/, from + 20);
    };
    const before = descriptorsOf(server.proc.pid).sort();
    for (let from = 0; from < 200; from += 20) await batch(from);
    expect(closed()).toBe(200);
    expect(childrenOf(server.proc.pid)).toEqual([]);
    // A program's pipes close just after its session's closed event: give them a moment.
    expect(await settled(() => descriptorsOf(server.proc.pid).sort(), before)).toEqual(before);
    await server.terminate();
  });
});

describe("connect --exec", () => {
  test("a program talks to the server", async () => {
    await using server = await boundSocket();
    const [, port] = server.getsockname() as [string, number];
    const client = sockit([
      "connect",
      "-c",
      "read line; echo got $line; cat >/dev/null",
      "127.0.0.1",
      String(port),
    ]);
    const [conn] = await server.accept();
    await conn.sendall(Buffer.from("hello\n"));
    expect((await conn.recv(100)).toString()).toBe("got hello\n");
    conn.shutdown(SHUT_WR);
    expect((await conn.recv(100)).length).toBe(0);
    conn.close();
    expect(await client.finish()).toMatchObject({ exitCode: 0, stdout: "" });
  });
});

describe("--exec usage", () => {
  const cases: [string, string[], RegExp][] = [
    ["-e with -c", ["listen", "-e", "cat", "-c", "cat", "0"], /cannot be used together/],
    ["-e with --echo", ["listen", "--echo", "-e", "cat", "0"], /--echo and --exec/],
    [
      "a missing program",
      ["listen", "-e", "no-such-program-x", "0"],
      /no-such-program-x: command not found/,
    ],
    ["an unterminated quote", ["listen", "-e", "echo 'open", "0"], /unterminated '/],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const done = await run(args);
      expect(done.exitCode).toBe(2);
      expect(done.lines[0]).toMatch(new RegExp(`^sockit: .*${message.source}`));
    });
  }

  test("listen --help warns about -e on a listener", async () => {
    const done = await run(["listen", "--help"]);
    expect(done.stdout).toContain("give that program to everyone who can connect");
    expect(done.stdout).toContain("--allow 127.0.0.1");
    expect(done.stdout).toMatch(/-e, --exec CMD/);
  });
});
