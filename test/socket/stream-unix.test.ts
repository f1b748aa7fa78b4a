import { describe, expect, test } from "bun:test";
import { existsSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import {
  AF_UNIX,
  ConnectionRefusedError,
  FileNotFoundError,
  MSG_WAITALL,
  OSError,
  SHUT_WR,
} from "../../src/index.ts";
import {
  bytes,
  expectRaises,
  recvAll,
  tempDir,
  track,
  tracked,
  unixListener,
} from "../_helpers.ts";

const EADDRINUSE = "[Errno 98] Address already in use";

describe("AF_UNIX addresses", () => {
  test("an unbound socket's name is ''", () => {
    expect(tracked(AF_UNIX).getsockname()).toBe("");
  });

  test("after bind, getsockname is the path and the file exists", async () => {
    const path = join(tempDir(), "bound");
    const sock = tracked(AF_UNIX);
    await sock.bind(path);
    expect(sock.getsockname()).toBe(path);
    expect(existsSync(path)).toBe(true);
  });

  test("accept gives '' for an unbound client; each end sees the other", async () => {
    const [srv, path] = await unixListener();
    const client = tracked(AF_UNIX);
    await client.connect(path);
    const [conn, address] = await srv.accept();
    track(conn);
    expect(address).toBe("");
    expect(conn.getpeername()).toBe("");
    expect(conn.getsockname()).toBe(path);
    expect(client.getpeername()).toBe(path);
    expect(client.getsockname()).toBe("");
  });

  test("bytes paths are accepted", async () => {
    const path = join(tempDir(), "bytes");
    const sock = tracked(AF_UNIX);
    await sock.bind(bytes(path));
    expect(sock.getsockname()).toBe(path);
  });
});

describe("AF_UNIX data", () => {
  test("data flows both ways, with half-close", async () => {
    const [srv, path] = await unixListener();
    const client = tracked(AF_UNIX);
    await client.connect(path);
    const [conn] = await srv.accept();
    track(conn);
    await client.sendall(bytes("ping"));
    client.shutdown(SHUT_WR);
    expect((await recvAll(conn)).toString()).toBe("ping");
    await conn.sendall(bytes("pong"));
    conn.close();
    expect((await recvAll(client)).toString()).toBe("pong");
  });

  test("an abstract name (leading NUL) works and leaves no file", async () => {
    const name = `\0sockit-${basename(tempDir())}`;
    const srv = tracked(AF_UNIX);
    await srv.bind(name);
    srv.listen();
    expect(srv.getsockname()).toBe(name);
    const client = tracked(AF_UNIX);
    await client.connect(name);
    const [conn] = await srv.accept();
    track(conn);
    await conn.sendall(bytes("abstract"));
    expect((await client.recv(8, MSG_WAITALL)).toString()).toBe("abstract");
    expect(existsSync(name.slice(1))).toBe(false);
  });
});

describe("AF_UNIX errors", () => {
  test("binding a path a live listener holds: errno 98", async () => {
    const [, path] = await unixListener();
    await expectRaises(() => tracked(AF_UNIX).bind(path), OSError, EADDRINUSE, 98);
  });

  test("binding a path that is a regular file: errno 98", async () => {
    const path = join(tempDir(), "file");
    writeFileSync(path, "");
    await expectRaises(() => tracked(AF_UNIX).bind(path), OSError, EADDRINUSE, 98);
  });

  test("close() leaves the file: binding it again is errno 98, connecting refused", async () => {
    const [srv, path] = await unixListener();
    srv.close();
    expect(existsSync(path)).toBe(true);
    await expectRaises(() => tracked(AF_UNIX).bind(path), OSError, EADDRINUSE, 98);
    await expectRaises(
      () => tracked(AF_UNIX).connect(path),
      ConnectionRefusedError,
      "[Errno 111] Connection refused",
      111,
    );
  });

  test("connecting to a missing path: FileNotFoundError 2", async () => {
    const path = join(tempDir(), "missing");
    await expectRaises(
      () => tracked(AF_UNIX).connect(path),
      FileNotFoundError,
      "[Errno 2] No such file or directory",
      2,
    );
    expect(await tracked(AF_UNIX).connect_ex(path)).toBe(2);
  });

  test.each(["bind", "connect"] as const)(
    "%s with a path of 108 bytes: AF_UNIX path too long",
    async (method) => {
      const path = `/tmp/${"x".repeat(103)}`;
      expect(path.length).toBe(108);
      await expectRaises(
        () => tracked(AF_UNIX)[method](path),
        OSError,
        "AF_UNIX path too long",
        null,
      );
    },
  );

  test("a path of 107 bytes fits", async () => {
    const dir = tempDir();
    const path = join(dir, "p".repeat(107 - dir.length - 1));
    expect(Buffer.byteLength(path)).toBe(107);
    const sock = tracked(AF_UNIX);
    await sock.bind(path);
    expect(sock.getsockname()).toBe(path);
  });

  test("listen before bind: errno 22", async () => {
    await expectRaises(() => tracked(AF_UNIX).listen(), OSError, "[Errno 22] Invalid argument", 22);
  });

  test("a non-path address: TypeError", async () => {
    const address = ["x", 1] as unknown as string;
    await expectRaises(
      () => tracked(AF_UNIX).bind(address),
      TypeError,
      "a bytes-like object is required, not 'tuple'",
    );
  });
});
