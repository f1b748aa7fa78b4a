/**
 * Happy Eyeballs in the library: connectFirst on explicit address lists, and create_connection
 * on a name with two addresses (a private /etc/hosts, test/_hosts.ts), against refused ports,
 * a black-hole address and a live listener.
 */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import {
  type AddrInfo,
  AF_INET,
  AF_INET6,
  ConnectFirstError,
  type ConnectionRefusedError,
  connectFirst,
  IPPROTO_TCP,
  SOCK_STREAM,
  TimeoutError,
} from "../../src/index.ts";
import { closedPort, listener, portOf, tempDir, track } from "../_helpers.ts";
import { blackHole, withHosts } from "../_hosts.ts";

const v6 = (port: number): AddrInfo => [
  AF_INET6,
  SOCK_STREAM,
  IPPROTO_TCP,
  "",
  ["::1", port, 0, 0],
];
const v4 = (port: number): AddrInfo => [AF_INET, SOCK_STREAM, IPPROTO_TCP, "", ["127.0.0.1", port]];

describe("connectFirst", () => {
  test("a refused first address: the next one is tried at once and wins", async () => {
    const srv = await listener();
    const port = portOf(srv.getsockname());
    const tried: string[] = [];
    const sock = track(
      await connectFirst([v6(await closedPort(AF_INET6, "::1")), v4(port)], {
        onFailure: (address, err) => tried.push(`${address[0]} ${err.message}`),
      }),
    );
    expect(sock.getpeername()).toEqual(["127.0.0.1", port]);
    expect(tried).toEqual(["::1 [Errno 111] Connection refused"]);
  });

  test("a black-hole first address costs the 250 ms delay, not its timeout", async () => {
    const srv = await listener();
    const port = portOf(srv.getsockname());
    const hole = await blackHole(port);
    try {
      const started = performance.now();
      const sock = track(await connectFirst([v6(port), v4(port)], { timeout: 10 }));
      const ms = performance.now() - started;
      expect(sock.getpeername()).toEqual(["127.0.0.1", port]);
      expect(sock.gettimeout()).toBe(10);
      expect(ms).toBeGreaterThanOrEqual(240);
      expect(ms).toBeLessThan(3000);
    } finally {
      await hole.kill();
    }
  });

  test("all fail: ConnectFirstError with each error in address order, last is the last", async () => {
    const hole = await blackHole();
    try {
      const err = await connectFirst([v6(hole.port), v4(await closedPort())], {
        totalTimeout: 0.6,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectFirstError);
      const { errors, last } = err as ConnectFirstError;
      expect(errors.map((e) => [e.constructor.name, e.message])).toEqual([
        ["TimeoutError", "timed out"],
        ["ConnectionRefusedError", "[Errno 111] Connection refused"],
      ]);
      expect(last).toBe(errors[1] as ConnectionRefusedError);
      expect(errors[0]).toBeInstanceOf(TimeoutError);
    } finally {
      await hole.kill();
    }
  });
});

/** Runs the create_connection fixture with `name` standing for ::1 then 127.0.0.1. */
async function createConnection(port: number, mode = "") {
  const fixture = join(import.meta.dir, "fixtures/create-connection.ts");
  const hosts = "::1 multi.test\n127.0.0.1 multi.test\n";
  const argv = withHosts(tempDir(), hosts, [
    process.execPath,
    fixture,
    "multi.test",
    String(port),
    mode,
  ]);
  const proc = Bun.spawn(argv, { stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  return JSON.parse(stdout);
}

describe("create_connection on a name with two addresses", () => {
  test("the IPv4 listener is reached after ::1 refuses", async () => {
    const srv = await listener();
    const port = portOf(srv.getsockname());
    expect((await createConnection(port)).peer).toEqual(["127.0.0.1", port]);
  });

  test("a black hole on ::1 delays it by about 250 ms, not the 5 s timeout", async () => {
    const srv = await listener();
    const port = portOf(srv.getsockname());
    const hole = await blackHole(port);
    try {
      const result = await createConnection(port);
      expect(result.peer).toEqual(["127.0.0.1", port]);
      expect(result.ms).toBeLessThan(3000);
    } finally {
      await hole.kill();
    }
  });

  test("both refused: Python's last error, or every error with all_errors", async () => {
    const port = await closedPort();
    const refused = {
      name: "ConnectionRefusedError",
      message: "[Errno 111] Connection refused",
      errno: 111,
    };
    expect((await createConnection(port)).error).toEqual(refused);
    const all = await createConnection(port, "all_errors");
    expect(all.error).toEqual({
      name: "AggregateError",
      message: "create_connection failed",
      errno: null,
    });
    expect(all.errors).toEqual([refused, refused]);
  });
});
