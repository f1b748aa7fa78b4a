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
