import { afterEach, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, sockit, tempDir } from "./_cli.ts";
import { bashWithSockit, type Terminal } from "./_tmux.ts";

afterEach(cleanup);

const terminals: Terminal[] = [];
afterEach(() => {
  for (const t of terminals.splice(0)) t.close();
});

/** A sender that trickles 64 KiB every 50 ms for about 1.6 s: long enough for the line. */
const SLOW_SENDER = `import sys, time
for _ in range(32):
    sys.stdout.buffer.write(b"x" * 65536)
    sys.stdout.flush()
    time.sleep(0.05)
`;

const PROGRESS = /sent [\d.]+ (KiB|MiB), received 0 B, [\d.]+ (B|KiB|MiB)\/s, 0:0\d/;

describe("--progress", () => {
  test("on a terminal: one line, redrawn in place, then the final figures", async () => {
    const server = sockit(["listen", "127.0.0.1", "0"], { input: "" });
    const port = await server.listening();
    const sender = join(tempDir(), "slow.py");
    writeFileSync(sender, SLOW_SENDER);
    const term = bashWithSockit();
    terminals.push(term);
    term.type(`python3 ${sender} | sockit connect 127.0.0.1 ${port}; echo "exit=$?"`);
    term.keys("Enter");
    // While the transfer runs: the line is there and says something is moving.
    const during = await term.waitFor(PROGRESS);
    expect(during.split("\n").filter((l) => PROGRESS.test(l))).toHaveLength(1);
    // At the end: the final figures (2 MiB sent) on one line of their own, then the shell again.
    const after = await term.waitFor(/exit=0/);
    const lines = after.split("\n");
    const final = lines.filter((l) => PROGRESS.test(l));
    expect(final).toHaveLength(1);
    expect(final[0]).toContain("sent 2.0 MiB");
    expect(lines[lines.indexOf(final[0] as string) + 1]).toBe("exit=0");
    expect((await server.finish()).exitCode).toBe(0);
  });

  test("a transfer shorter than a second shows no line", async () => {
    const server = sockit(["listen", "127.0.0.1", "0"], { input: "" });
    const port = await server.listening();
    const term = bashWithSockit();
    terminals.push(term);
    term.type(`echo quick | sockit connect 127.0.0.1 ${port}; echo "exit=$?"`);
    term.keys("Enter");
    const screen = await term.waitFor(/exit=0/);
    expect(screen).not.toMatch(/sent .* received/);
    expect((await server.finish()).stdout).toBe("quick\n");
  });

  test("never when stderr is not a terminal, even with --progress", async () => {
    const server = sockit(["listen", "127.0.0.1", "0"], { input: "" });
    const port = await server.listening();
    const client = await sockit(["connect", "--progress", "127.0.0.1", String(port)], {
      input: "x".repeat(100_000),
    }).finish();
    expect(client).toMatchObject({ exitCode: 0, stderr: "" });
    expect((await server.finish()).stdout).toHaveLength(100_000);
  });
});

describe("the progress line in a terminal session", () => {
  const ANY_PROGRESS = /sent [\d.]+ (B|KiB|MiB), received/;

  test("a chat (stdin and stdout both the terminal) never shows it", async () => {
    const server = sockit(["listen", "-v", "127.0.0.1", "0"], { open: true });
    const port = await server.listening();
    const term = bashWithSockit();
    terminals.push(term);
    term.type(`sockit connect 127.0.0.1 ${port}; echo "exit=$?"`);
    term.keys("Enter");
    await server.waitFor(/Connection from/);
    server.write("hi from l\n");
    await term.waitFor(/hi from l/);
    // Past the one-second mark, with bytes moving both ways.
    await Bun.sleep(1300);
    term.type("hello back");
    term.keys("Enter");
    await server.waitForStdout("hello back\n");
    server.write("still here\n");
    const screen = await term.waitFor(/still here/);
    expect(screen).not.toMatch(ANY_PROGRESS);
    term.keys("C-c");
    expect(await term.waitFor(/exit=130/)).not.toMatch(ANY_PROGRESS);
  });

  test("received text is never glued to it, and Ctrl-C ends it with a newline", async () => {
    const server = sockit(["listen", "-v", "127.0.0.1", "0"], { open: true });
    const port = await server.listening();
    const term = bashWithSockit();
    terminals.push(term);
    // stdin is a pipe, so this is a transfer: the line is wanted. (The writer exits normally on
    // Ctrl-C so that bash, seeing no process killed by it, goes on to the echo.)
    const writer = "(trap 'exit 0' INT; sleep 20 & wait)";
    term.type(`${writer} | sockit connect 127.0.0.1 ${port}; echo "exit=$?"`);
    term.keys("Enter");
    await server.waitFor(/Connection from/);
    server.write("partial");
    await term.waitFor(/partial/);
    await Bun.sleep(1300);
    server.write(" rest\n");
    const shown = await term.waitFor(ANY_PROGRESS);
    expect(shown.split("\n")).toContain("partial rest");
    term.keys("C-c");
    const lines = (await term.waitFor(/exit=130/)).split("\n");
    const final = lines.findIndex((l) => ANY_PROGRESS.test(l));
    expect(lines).toContain("partial rest");
    // The final figures on a line of their own, the shell's output below them.
    expect(lines[final]).toMatch(/^sent 0 B, received 13 B, [\d.]+ B\/s, 0:0\d$/);
    expect(lines.findIndex((l) => l.startsWith("exit="))).toBeGreaterThan(final);
  });
});
