/**
 * --allow / --deny and their files: for each kind of rule an admitted and a refused peer, from
 * 127.0.0.1 (which a dual-stack listener accepts as ::ffff:127.0.0.1, shown as 127.0.0.1) and
 * from ::1, over TCP and UDP.
 * A refused peer is closed before a byte moves and never reaches stdout.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, jsonEvents, peer, run, sockit, tempDir } from "./_cli.ts";

afterEach(cleanup);

type Verdict = "in" | "out";

/** Rules, then what happens to a client from 127.0.0.1 and from ::1. */
const CASES: [string, string[], Verdict, Verdict][] = [
  ["an IPv4 address", ["--allow", "127.0.0.1"], "in", "out"],
  ["an IPv4 CIDR", ["--allow", "127.0.0.0/8"], "in", "out"],
  ["an IPv6 address", ["--allow", "::1"], "out", "in"],
  ["an IPv6 CIDR that covers neither", ["--allow", "fd00::/8"], "out", "out"],
  ["a mapped IPv6 range", ["--allow", "::ffff:127.0.0.0/104"], "in", "out"],
  ["a comma list", ["--allow", "10.0.0.0/8,::1"], "out", "in"],
  ["localhost", ["--allow", "localhost"], "in", "in"],
  ["deny an IPv4 CIDR", ["--deny", "127.0.0.0/8"], "out", "in"],
  ["deny an IPv6 CIDR", ["--deny", "::/0"], "in", "out"],
  ["deny wins over allow", ["--allow", "localhost", "--deny", "::1"], "in", "out"],
  ["repeated --deny", ["--deny", "127.0.0.1", "--deny", "::1"], "out", "out"],
];

/** A -k listener on `host` (both stacks when null) with the rules; resolves with its port. */
async function guarded(host: string | null, rules: string[], extra: string[] = []) {
  const where = host === null ? ["0"] : [host, "0"];
  const server = sockit(["listen", "-k", "--json", ...extra, ...rules, ...where]);
  return { server, port: String(await server.listening()) };
}

/** Connects from `host`, sends a line, and waits for the listener's verdict on it. */
async function attempt(server: ReturnType<typeof sockit>, host: string, port: string) {
  const client = sockit(["connect", "--json", host, port], { input: `from ${host}\n` });
  // The listener's verdict on this client, found by its local address: another program on
  // loopback (a port scan) may connect to the listener too.
  const local = (await client.waitFor(/"local":"([^"]+)"/))[1] as string;
  const escaped = local.replace(/[.[\]]/g, "\\$&");
  const verdict = await server.waitFor(
    new RegExp(`"event":"(connected|denied)","peer":"${escaped}"`),
  );
  const done = await client.finish();
  return { verdict: verdict[1] === "connected" ? "in" : "out", local, done };
}

describe("--allow / --deny over TCP", () => {
  test.each(CASES)("%s", async (_name, rules, fromV4, fromV6) => {
    const { server, port } = await guarded(null, rules);
    const v4 = await attempt(server, "127.0.0.1", port);
    const v6 = await attempt(server, "::1", port);
    expect([v4.verdict, v6.verdict]).toEqual([fromV4, fromV6]);
    // An admitted client may be gone before its line is on the listener's stdout.
    if (fromV4 === "in") await server.waitForStdout("from 127.0.0.1\n");
    if (fromV6 === "in") await server.waitForStdout("from ::1\n");
    const served = await server.terminate();
    // Only what admitted peers sent reaches stdout.
    const expected = [
      fromV4 === "in" ? "from 127.0.0.1\n" : "",
      fromV6 === "in" ? "from ::1\n" : "",
    ];
    expect(
      served.stdout
        .split(/(?<=\n)/)
        .filter(Boolean)
        .sort(),
    ).toEqual(expected.filter(Boolean).sort());
    const ours = [v4.local, v6.local];
    const denied = jsonEvents(served.stderr).filter(
      (e) => e.event === "denied" && ours.includes(String(e.peer)),
    );
    expect(denied.map((e) => String(e.peer).replace(/:\d+$/, ""))).toEqual(
      [fromV4 === "out" ? "127.0.0.1" : "", fromV6 === "out" ? "[::1]" : ""].filter(Boolean),
    );
  });

  test("an IPv4 listener, -v says who was denied and why", async () => {
    const server = sockit(["listen", "-v", "--deny", "127.0.0.1", "127.0.0.1", "0"]);
    const port = String(await server.listening());
    const client = await sockit(["connect", "127.0.0.1", port], { input: "nope\n" }).finish();
    await server.waitFor(/^sockit: Denied 127\.0\.0\.1:\d+ \(--deny 127\.0\.0\.1\)\.$/m);
    // Without -k the listener still waits for its one admitted client.
    expect(server.proc.exitCode).toBeNull();
    expect(client.stdout).toBe("");
    expect((await server.terminate()).stdout).toBe("");
  });

  test("--allowfile and --denyfile: rules a line or several on one, # comments", async () => {
    const dir = tempDir();
    const allow = join(dir, "allow");
    const deny = join(dir, "deny");
    // ncat's own files: blank lines, and more than one rule on a line, split by blanks.
    writeFileSync(allow, "# loopback only\n10.0.0.0/8 127.0.0.0/8\t# IPv4\n\n::1\n");
    writeFileSync(deny, "::1 # but not this one\n");
    const { server, port } = await guarded(null, ["--allowfile", allow, "--denyfile", deny]);
    expect((await attempt(server, "127.0.0.1", port)).verdict).toBe("in");
    expect((await attempt(server, "::1", port)).verdict).toBe("out");
    await server.terminate();
  });

  test("a refused peer reaches no --broker client", async () => {
    const { server, port } = await guarded("127.0.0.1", ["--allow", "::1"], ["--broker"]);
    const inside = peer(["ncat", "127.0.0.1", port], { open: true });
    await server.waitFor(/"event":"denied"/);
    // ncat waits for its stdin to end even after the listener has closed the connection.
    await inside.end();
    expect(await inside.finish()).toMatchObject({ exitCode: 0, stdout: "" });
    await server.terminate();
  });
});

describe("--allow / --deny over UDP", () => {
  test("datagrams from a denied source are dropped, said once and counted", async () => {
    // -q 0: the listener ends (with its summary) as soon as the test closes its stdin.
    const server = sockit(["listen", "-u", "--json", "-q", "0", "--deny", "127.0.0.1", "0"], {
      open: true,
    });
    const port = String(await server.listening());
    // Three from one IPv4 socket (denied), then one from ::1, all from one process.
    const script = `
import socket, sys
port = int(sys.argv[1])
v4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(3):
    v4.sendto(b"denied %d\\n" % i, ("127.0.0.1", port))
socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).sendto(b"welcome\\n", ("::1", port))
`;
    expect((await peer(["python3", "-c", script, port]).finish()).exitCode).toBe(0);
    await server.waitForStdout("welcome\n");
    await server.end();
    const done = await server.finish();
    expect(done).toMatchObject({ exitCode: 0, stdout: "welcome\n" });
    const events = jsonEvents(done.stderr);
    expect(events.filter((e) => e.event === "denied")).toHaveLength(1);
    expect(events.find((e) => e.event === "summary")).toMatchObject({ denied: 3 });
  });
});

describe("mistakes in rules", () => {
  test.each([
    [["--allow", "10.0.0.0/33"], 2, "sockit: invalid address range '10.0.0.0/33'"],
    [["--deny", "not_a host"], 2, "sockit: invalid address 'not_a host'"],
    [["--allowfile", "/nonexistent/allow"], 2, "sockit: --allowfile /nonexistent/allow: "],
    [["--allow", "no-such-host.invalid"], 1, "sockit: resolve no-such-host.invalid: "],
    [["-U", "/tmp/x.sock", "--deny", "::1"], 2, "sockit: --allow and --deny need an IP listener"],
  ])("%p exits %p", async (args, code, line) => {
    const done = await run(
      ["listen", ...args, "0"].filter((a) => !(args[0] === "-U" && a === "0")),
    );
    expect(done.exitCode).toBe(code);
    expect(done.lines[0]?.startsWith(line)).toBe(true);
  });
});
