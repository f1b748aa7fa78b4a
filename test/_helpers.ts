/** Shared test helpers: loopback listeners on port 0 and connected pairs, closed after each test. */
import { expect } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Address, AF_INET, AF_UNIX, SOCK_STREAM, type Socket, socket } from "../src/index.ts";

const opened: Socket[] = [];
const tempDirs: string[] = [];

/**
 * Closes what the last test tracked. Registered for every test file by test/_setup.ts (a
 * preload): an afterEach inside this shared module would run only for the first file loading it.
 */
export function cleanupTracked(): void {
  for (const s of opened.splice(0)) s.close();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A socket closed automatically after the test. */
export function track<T extends Socket>(sock: T): T {
  opened.push(sock);
  return sock;
}

/** A new socket closed automatically after the test. */
export function tracked(family = AF_INET, type = SOCK_STREAM): Socket {
  return track(socket(family, type));
}

/** A listening TCP socket on 127.0.0.1 with an ephemeral port. */
export async function listener(family = AF_INET, host = "127.0.0.1", backlog?: number) {
  const srv = tracked(family);
  await srv.bind([host, 0]);
  srv.listen(backlog);
  return srv;
}

/** A connected pair over loopback: [client, server-side connection]. */
export async function connectedPair(family = AF_INET, host = "127.0.0.1") {
  const srv = await listener(family, host);
  const client = tracked(family);
  await client.connect(srv.getsockname() as [string, number]);
  const [conn] = await srv.accept();
  track(conn);
  return [client, conn] as const;
}

/** A listening AF_UNIX socket at a fresh path in a temp directory. */
export async function unixListener(name = "sock") {
  const path = join(tempDir(), name);
  const srv = tracked(AF_UNIX);
  await srv.bind(path);
  srv.listen();
  return [srv, path] as const;
}

/** A loopback port nobody listens on: bound, read back, then released. */
export async function closedPort(family = AF_INET, host = "127.0.0.1"): Promise<number> {
  const probe = socket(family);
  await probe.bind([host, 0]);
  const port = (probe.getsockname() as [string, number])[1];
  probe.close();
  return port;
}

/** A fresh temp directory (removed after the test) for Unix socket paths. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "sockit-"));
  tempDirs.push(dir);
  return dir;
}

/** Reads until EOF. */
export async function recvAll(sock: Socket, bufsize = 65536): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (;;) {
    const data = await sock.recv(bufsize);
    if (data.length === 0) return Buffer.concat(chunks);
    chunks.push(data);
  }
}

/** Runs `action` (sync or async) and returns what it threw; fails the test if it did not throw. */
export async function caught(action: () => unknown): Promise<Error> {
  try {
    await action();
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    return err as Error;
  }
  throw new Error("expected an exception, none was raised");
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Asserts what a Python user would see: the class (instanceof and `.name`), the exact message
 * and, for OSErrors, the errno (`null` for errors built from a message, such as `timed out`).
 */
export async function expectRaises(
  action: () => unknown,
  Class: ErrorClass,
  message: string,
  errno?: number | null,
): Promise<Error> {
  const err = await caught(action);
  expect(err).toBeInstanceOf(Class);
  expect(err.name).toBe(Class.name);
  expect(err.message).toBe(message);
  if (errno !== undefined) expect((err as Error & { errno: unknown }).errno).toBe(errno);
  return err;
}

/** Port of an AF_INET / AF_INET6 address tuple. */
export const portOf = (address: Address) => (address as [string, number])[1];

export const bytes = (text: string) => new TextEncoder().encode(text);
export type { Address };
