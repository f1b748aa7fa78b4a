/**
 * `listen --broker --send-only` and `--recv-only`, as ncat has them: the hub talks only with
 * the listener's own stdin and stdout, and never passes one client's bytes to another.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, sockit } from "./_cli.ts";

afterEach(cleanup);

const CONNECTED = /"event":"connected"/;

async function hubWith(flag: string) {
  const hub = sockit(["listen", "--broker", flag, "--json", "127.0.0.1", "0"], { open: true });
  const address = await hub.listeningAddress();
  const port = address.slice(address.lastIndexOf(":") + 1);
  const clients = [0, 1].map(() => sockit(["connect", "127.0.0.1", port], { open: true }));
  await hub.waitFor(CONNECTED, 2);
  return { hub, clients };
}

describe("one-way brokers", () => {
  test("--send-only: stdin reaches every client, a client's bytes reach no one", async () => {
    const { hub, clients } = await hubWith("--send-only");
    const [one, two] = clients as [ReturnType<typeof sockit>, ReturnType<typeof sockit>];
    hub.write("from stdin\n");
    await one.waitForStdout("from stdin\n");
    await two.waitForStdout("from stdin\n");
    one.write("from one\n");
    // Both clients write before the next stdin line, so a relay would in practice land first.
    two.write("from two\n");
    hub.write("later\n");
    await one.waitForStdout("later\n");
    await two.waitForStdout("later\n");
    await one.kill();
    await two.kill();
    expect(two.stdout).toBe("from stdin\nlater\n");
    expect(one.stdout).toBe("from stdin\nlater\n");
    expect(hub.stdout).toBe("");
    await hub.terminate();
  });

  test("--recv-only: stdout shows what clients send, no client hears another or stdin", async () => {
    const { hub, clients } = await hubWith("--recv-only");
    const [one, two] = clients as [ReturnType<typeof sockit>, ReturnType<typeof sockit>];
    hub.write("from stdin\n");
    one.write("from one\n");
    await hub.waitForStdout("from one\n");
    two.write("from two\n");
    await hub.waitForStdout("from two\n");
    one.write("again\n");
    await hub.waitForStdout("again\n");
    await one.kill();
    await two.kill();
    expect(one.stdout).toBe("");
    expect(two.stdout).toBe("");
    await hub.terminate();
  });
});
