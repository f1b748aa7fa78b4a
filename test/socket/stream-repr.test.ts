import { describe, expect, test } from "bun:test";
import { inspect } from "node:util";
import { AF_INET6, type Socket, socket } from "../../src/index.ts";
import { connectedPair, listener, portOf, tracked } from "../_helpers.ts";

/** Python's repr with the fd left open: `fd=` is whatever descriptor the OS handed out. */
function reprPattern(rest: string): RegExp {
  const escaped = rest.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^<socket\\.socket fd=\\d+, ${escaped}>$`);
}

describe("repr", () => {
  test("a connected socket shows laddr and raddr", async () => {
    const [client, conn] = await connectedPair();
    const local = portOf(client.getsockname());
    const remote = portOf(client.getpeername());
    expect(String(client)).toMatch(
      reprPattern(
        `family=2, type=1, proto=0, laddr=('127.0.0.1', ${local}), raddr=('127.0.0.1', ${remote})`,
      ),
    );
    expect(String(conn)).toMatch(
      reprPattern(
        `family=2, type=1, proto=0, laddr=('127.0.0.1', ${remote}), raddr=('127.0.0.1', ${local})`,
      ),
    );
  });

  test("the fd in the repr is fileno()", async () => {
    const [client] = await connectedPair();
    expect(client.fileno()).toBeGreaterThan(2);
    expect(String(client)).toStartWith(`<socket.socket fd=${client.fileno()}, `);
  });

  test("a listener shows laddr only", async () => {
    const srv = await listener();
    expect(String(srv)).toMatch(
      reprPattern(`family=2, type=1, proto=0, laddr=('127.0.0.1', ${portOf(srv.getsockname())})`),
    );
  });

  test("an IPv6 socket shows its 4-tuple", async () => {
    const srv = await listener(AF_INET6, "::1");
    expect(String(srv)).toMatch(
      reprPattern(`family=10, type=1, proto=0, laddr=('::1', ${portOf(srv.getsockname())}, 0, 0)`),
    );
  });

  test("an unbound socket shows ('0.0.0.0', 0)", () => {
    expect(String(tracked())).toMatch(
      /^<socket\.socket fd=-?\d+, family=2, type=1, proto=0, laddr=\('0\.0\.0\.0', 0\)>$/,
    );
  });

  test("a closed socket", async () => {
    const [client] = await connectedPair();
    client.close();
    expect(String(client)).toBe("<socket.socket [closed] fd=-1, family=2, type=1, proto=0>");
  });

  test("util.inspect and template strings show the repr", async () => {
    const [client] = await connectedPair();
    expect(inspect(client)).toBe(String(client));
    expect(`${client}`).toBe(client.toString());
  });
});

describe("await using", () => {
  test("closes the socket at the end of the scope", async () => {
    let outside: Socket;
    {
      await using sock = socket();
      await sock.bind(["127.0.0.1", 0]);
      expect(sock.fileno()).toBeGreaterThan(2);
      outside = sock;
    }
    expect(outside.fileno()).toBe(-1);
    expect(String(outside)).toBe("<socket.socket [closed] fd=-1, family=2, type=1, proto=0>");
  });

  test("closes on the way out of a throw too, and frees the port", async () => {
    let port = 0;
    const failing = async () => {
      await using sock = socket();
      await sock.bind(["127.0.0.1", 0]);
      port = portOf(sock.getsockname());
      throw new Error("boom");
    };
    await expect(failing()).rejects.toThrow("boom");
    const again = tracked();
    await again.bind(["127.0.0.1", port]);
    expect(portOf(again.getsockname())).toBe(port);
  });

  test("using (sync dispose) closes too", () => {
    let outside: Socket;
    {
      using sock = socket();
      outside = sock;
    }
    expect(String(outside)).toBe("<socket.socket [closed] fd=-1, family=2, type=1, proto=0>");
  });
});
