/** probePorts: many TCP ports of one address at once, each open (0) or its errno. */
import { describe, expect, test } from "bun:test";
import { AF_INET, AF_INET6, probePorts } from "../../src/index.ts";
import { closedPort, listener, portOf } from "../_helpers.ts";
import { blackHole } from "../_hosts.ts";

describe("probePorts", () => {
  test("open ports are 0, closed ones ECONNREFUSED, in the order asked", async () => {
    const a = await listener();
    const b = await listener();
    const closed = await closedPort();
    const ports = [portOf(a.getsockname()), closed, portOf(b.getsockname())];
    const seen: number[] = [];
    const result = await probePorts("127.0.0.1", AF_INET, ports, {
      onResult: (index) => seen.push(index),
    });
    expect([...result]).toEqual([0, 111, 0]);
    expect(seen.sort()).toEqual([0, 1, 2]);
  });

  test("IPv6, and a black hole is ETIMEDOUT after the timeout", async () => {
    const open = await listener(AF_INET6, "::1");
    const hole = await blackHole();
    try {
      const started = performance.now();
      const ports = [portOf(open.getsockname()), hole.port];
      const result = await probePorts("::1", AF_INET6, ports, { timeout: 0.3 });
      expect([...result]).toEqual([0, 110]);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      await hole.kill();
    }
  });

  test("listeners among thousands of closed ports are all found (refused sockets are reused)", async () => {
    const open = await Promise.all(Array.from({ length: 6 }, () => listener()));
    const openPorts = open.map((srv) => portOf(srv.getsockname()));
    const low = Math.max(1024, Math.min(...openPorts) - 1500);
    const ports = Array.from({ length: Math.max(...openPorts) + 1500 - low }, (_, i) => low + i);
    const result = await probePorts("127.0.0.1", AF_INET, ports);
    const found = ports.filter((_, i) => result[i] === 0);
    for (const port of openPorts) expect(found).toContain(port);
    expect(result.every((errno) => errno === 0 || errno === 111)).toBe(true);
  });

  test("a thousand closed ports with few in flight: every one answered", async () => {
    const base = await closedPort();
    const ports = Array.from({ length: 1000 }, (_, i) => ((base + i) % 60000) + 1024);
    const result = await probePorts("127.0.0.1", AF_INET, ports, { concurrency: 4 });
    expect(result.every((errno) => errno === 0 || errno === 111)).toBe(true);
  });
});
