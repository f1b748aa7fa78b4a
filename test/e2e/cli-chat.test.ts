/**
 * `listen --chat`: a chat room. Lines carry `<userN> ` (N in connection order), control
 * characters arrive escaped, joins and leaves are announced; ncat and python3 clients.
 */
import { afterEach, expect, test } from "bun:test";
import { cleanup, peer, sockit } from "./_cli.ts";

afterEach(cleanup);

test("lines are prefixed and escaped, joins and leaves announced (ncat, nc, sockit)", async () => {
  const hub = sockit(["listen", "--chat", "-v", "127.0.0.1", "0"], { open: true });
  const port = String(await hub.listening());
  const alice = peer(["ncat", "127.0.0.1", port], { open: true });
  await hub.waitForStdout("<announce> user1 has connected\n");
  const bob = sockit(["connect", "-C", "127.0.0.1", port], { open: true });
  await alice.waitForStdout("<announce> user2 has connected\n");
  alice.write("hi bob\n");
  await bob.waitForStdout("<user1> hi bob\n");
  // -C sends CRLF; the CR is part of the line end, not of the text.
  bob.write("hi \x1b[31malice\x07\n");
  await alice.waitForStdout("<user2> hi \\x1b[31malice\\x07\n");
  hub.write("from the host\n");
  await Promise.all([
    alice.waitForStdout("<user0> from the host\n"),
    bob.waitForStdout("<user0> from the host\n"),
  ]);
  const carol = peer(["nc.openbsd", "-N", "127.0.0.1", port], { input: "bye all\n" });
  await alice.waitForStdout("<user3> bye all\n");
  await alice.waitForStdout("<announce> user3 has disconnected\n");
  expect((await carol.finish()).exitCode).toBe(0);
  await bob.end();
  expect(await bob.finish()).toMatchObject({ exitCode: 0 });
  await alice.waitForStdout("<announce> user2 has disconnected\n");
  // stdout is the room as a whole: every line and notice, the host's own lines excepted.
  expect(hub.stdout).toBe(
    [
      "<announce> user1 has connected",
      "<announce> user2 has connected",
      "<user1> hi bob",
      "<user2> hi \\x1b[31malice\\x07",
      "<announce> user3 has connected",
      "<user3> bye all",
      "<announce> user3 has disconnected",
      "<announce> user2 has disconnected",
      "",
    ].join("\n"),
  );
  await alice.kill();
  await hub.terminate();
});

test("a line that never ends is cut at 64 KiB, and the room goes on", async () => {
  const hub = sockit(["listen", "--chat", "--json", "127.0.0.1", "0"]);
  const port = String(await hub.listening());
  const script = `
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"y" * (8 << 20) + b"\\nafter\\n")
time.sleep(30)
`;
  const listener = sockit(["connect", "127.0.0.1", port], { open: true, onStdout: () => {} });
  await hub.waitFor(/"event":"connected"/);
  peer(["python3", "-c", script, port]);
  await hub.waitForStdout("<user2> after\n");
  const lines = hub.stdout.split("\n");
  expect(lines).toContain(`<user2> ${"y".repeat(64 * 1024)}`);
  expect(lines.filter((l) => l.startsWith("<user2> "))).toHaveLength(2);
  await listener.kill();
  await hub.terminate();
});
