/** `connect -z`: port checks over TCP and UDP, single ports, lists and ranges, and exit codes. */
import { afterEach, describe, expect, test } from "bun:test";
import { SOCK_DGRAM } from "../../src/index.ts";
import { closedPort, portOf } from "../_helpers.ts";
import { boundSocket, cleanup, jsonEvents, peer, run, SOCKIT } from "./_cli.ts";

afterEach(cleanup);

const summary = (found: string) =>
  new RegExp(
    `^sockit: Scanned 1 port of 127\\.0\\.0\\.1 \\(tcp\\) in \\d+\\.\\d\\d seconds: ${found}\\.$`,
  );
const succeeded = (port: number, proto = "tcp") =>
  `sockit: Connection to 127.0.0.1:${port} (${proto}) succeeded!`;
const refused = (port: number, proto = "tcp") =>
  `sockit: connect to 127.0.0.1:${port} (${proto}) failed: [Errno 111] Connection refused`;

describe("connect -z over TCP", () => {
  test("an open port: exit 0, and -v says so", async () => {
    await using server = await boundSocket();
    const port = portOf(server.getsockname());
    const { exitCode, stdout, lines } = await run([
      "connect",
      "-z",
      "-v",
      "127.0.0.1",
      String(port),
    ]);
    expect({ exitCode, stdout, first: lines[0] }).toEqual({
      exitCode: 0,
      stdout: "",
      first: succeeded(port),
    });
    expect(lines[1]).toMatch(summary(`1 open \\(${port}\\)`));
    expect(lines).toHaveLength(2);
  });

  test("a closed port: exit 1, and -v gives the reason", async () => {
    const port = await closedPort();
    const { exitCode, lines } = await run(["connect", "-z", "-v", "127.0.0.1", String(port)]);
    expect({ exitCode, first: lines[0] }).toEqual({ exitCode: 1, first: refused(port) });
    expect(lines[1]).toMatch(summary("none open"));
  });

  test("without -v the exit code is the only answer", async () => {
    await using server = await boundSocket();
    const port = portOf(server.getsockname());
    const closed = await closedPort();
    expect(await run(["connect", "-z", "127.0.0.1", String(port)])).toMatchObject({
      exitCode: 0,
      stderr: "",
    });
    expect(await run(["connect", "-z", "127.0.0.1", String(closed)])).toMatchObject({
      exitCode: 1,
      stderr: "",
    });
  });

  test("a list: one line per port in the given order; exit 0 if any is open", async () => {
    await using server = await boundSocket();
    const port = portOf(server.getsockname());
    const closed = await closedPort();
    const { exitCode, lines } = await run([
      "connect",
      "-z",
      "-v",
      "127.0.0.1",
      `${closed},${port},${closed}`,
    ]);
    expect(exitCode).toBe(0);
    expect(lines.slice(0, 3)).toEqual([refused(closed), succeeded(port), refused(closed)]);
    expect(lines).toHaveLength(4);
  });

  test("a range covers every port in it, in order", async () => {
    await using server = await boundSocket();
    const port = portOf(server.getsockname());
    const { exitCode, stderr } = await run([
      "connect",
      "-z",
      "--json",
      "127.0.0.1",
      `${port - 1}-${port + 1}`,
    ]);
    expect(exitCode).toBe(0);
    const scans = jsonEvents(stderr).filter((e) => e.event === "scan");
    expect(scans.map((e) => e.port)).toEqual([port - 1, port, port + 1]);
    expect(scans[1]).toMatchObject({ host: "127.0.0.1", proto: "tcp", open: true });
  });

  test("a range and a list can be mixed", async () => {
    await using server = await boundSocket();
    const port = portOf(server.getsockname());
    const closed = await closedPort();
    const spec = `${closed}-${closed},${port}`;
    const { exitCode, lines } = await run(["connect", "-z", "-v", "127.0.0.1", spec]);
    expect(exitCode).toBe(0);
    expect(lines.slice(0, 2)).toEqual([refused(closed), succeeded(port)]);
  });
});

describe("connect -z when a probe's source port is the port it probes", () => {
  // The kernel then joins the socket to itself (TCP simultaneous open), which looks like an open
  // port; nc reports a few such "open" ports per full-range loopback scan. A private network
  // namespace whose only ephemeral port is 40000 forces it, so fixed ports are safe here.
  test("the port is reported closed, not open", async () => {
    const script =
      'ip link set lo up; echo "40000 40000" > /proc/sys/net/ipv4/ip_local_port_range; exec "$0" "$@"';
    const argv = ["connect", "-z", "-v", "127.0.0.1", "39999-40001"];
    const { exitCode, lines } = await peer([
      "unshare",
      "-rn",
      "sh",
      "-c",
      script,
      SOCKIT,
      ...argv,
    ]).finish();
    expect({ exitCode, lines: lines.slice(0, 3) }).toEqual({
      exitCode: 1,
      lines: [refused(39999), refused(40000), refused(40001)],
    });
    expect(lines[3]).toMatch(
      /Scanned 3 ports of 127\.0\.0\.1 \(tcp\) in [\d.]+ seconds: none open\.$/,
    );
  });
});

describe("connect -z -u", () => {
  test("a bound UDP port is open (no refusal within -w); a closed one is refused", async () => {
    await using bound = await boundSocket(SOCK_DGRAM);
    const port = portOf(bound.getsockname());
    const closed = await closedPort();
    const spec = `${closed},${port}`;
    const { exitCode, lines } = await run([
      "connect",
      "-z",
      "-u",
      "-v",
      "-w",
      "0.2",
      "127.0.0.1",
      spec,
    ]);
    expect(exitCode).toBe(0);
    expect(lines.slice(0, 2)).toEqual([refused(closed, "udp"), succeeded(port, "udp")]);
  });

  test("without -w a silent UDP port gets ncat's 2 s for a refusal before it counts as open", async () => {
    await using bound = await boundSocket(SOCK_DGRAM);
    const port = portOf(bound.getsockname());
    const started = performance.now();
    const { exitCode, lines } = await run(["connect", "-z", "-u", "-v", "127.0.0.1", String(port)]);
    expect({ exitCode, first: lines[0] }).toEqual({ exitCode: 0, first: succeeded(port, "udp") });
    expect(performance.now() - started).toBeGreaterThanOrEqual(2000);
  });

  test("only closed UDP ports: exit 1", async () => {
    const closed = await closedPort();
    const { exitCode, lines } = await run([
      "connect",
      "-z",
      "-u",
      "-v",
      "127.0.0.1",
      String(closed),
    ]);
    expect({ exitCode, first: lines[0] }).toEqual({ exitCode: 1, first: refused(closed, "udp") });
  });
});
