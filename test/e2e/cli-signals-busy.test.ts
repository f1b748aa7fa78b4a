/**
 * SIGTERM while sockit is busiest: stdin that is always ready (/dev/zero) sent to peers that
 * never hold it back (UDP, whose sends never wait; a TCP reader that drains as fast as it can).
 * Such a loop never has to wait for the event loop, where signal handlers run; it must still
 * end at once on `kill -TERM` (exit 143), as ncat does, and as scripts that kill it expect.
 */
import { afterEach, expect, test } from "bun:test";
import { closeSync, openSync } from "node:fs";
import { SOCK_DGRAM } from "../../src/index.ts";
import { portOf, tracked } from "../_helpers.ts";
import { boundSocket, cleanup, peer, sockit } from "./_cli.ts";

afterEach(cleanup);

/** A python3 TCP client that reads and drops everything, and says when the first bytes came. */
const DRAIN = `
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
first = True
while s.recv(1 << 20):
    if first:
        print("flowing", file=sys.stderr, flush=True)
        first = False
`;

/** Runs `args` with stdin on /dev/zero; `flowing` resolves once its bytes reach a peer. */
async function killedWhileBusy(args: string[], flowing: (port: number) => Promise<void>) {
  const zero = openSync("/dev/zero", "r");
  try {
    const child = sockit(args, { stdinFd: zero });
    const port = args[0] === "listen" ? await child.listening() : 0;
    await flowing(port);
    return await child.terminate();
  } finally {
    closeSync(zero);
  }
}

test("connect -u sending /dev/zero", async () => {
  await using bound = await boundSocket(SOCK_DGRAM);
  const port = String(portOf(bound.getsockname()));
  const done = await killedWhileBusy(["connect", "-u", "127.0.0.1", port], async () => {
    await bound.recv(65536);
  });
  expect(done.exitCode).toBe(143);
});

test("listen -u sending /dev/zero to its peer", async () => {
  await using client = tracked(undefined, SOCK_DGRAM);
  const done = await killedWhileBusy(["listen", "-u", "--json", "127.0.0.1", "0"], async (port) => {
    await client.sendto(new TextEncoder().encode("hello\n"), ["127.0.0.1", port]);
    await client.recv(65536);
  });
  expect(done.exitCode).toBe(143);
});

test.each([["-k"], ["--broker"]])(
  "listen %s sending /dev/zero to a reader that keeps up",
  async (mode) => {
    const done = await killedWhileBusy(
      ["listen", mode, "--json", "127.0.0.1", "0"],
      async (port) => {
        const reader = peer(["python3", "-c", DRAIN, String(port)]);
        await reader.waitFor(/flowing/);
      },
    );
    expect(done.exitCode).toBe(143);
  },
);
