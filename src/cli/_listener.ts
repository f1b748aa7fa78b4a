/**
 * Binding a listening socket the way the CLI wants it, for `listen` and relay's `*-listen:`
 * addresses: SO_REUSEADDR on IP, --unlink for a stale Unix socket file, and a close that
 * removes the socket file the CLI created.
 */
import { existsSync, lstatSync, unlinkSync } from "node:fs";
import {
  AF_INET6,
  AF_UNIX,
  ConnectionRefusedError,
  FileNotFoundError,
  IPPROTO_IPV6,
  IPV6_V6ONLY,
  SO_REUSEADDR,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  type Socket,
  socket,
  TimeoutError,
} from "../socket/index.ts";
import { NetworkError } from "./_errors.ts";
import { newSocket, type Target } from "./endpoints/address.ts";

export interface BindOptions {
  backlog?: number;
  /** Replace a leftover Unix socket file (never a regular file). */
  unlink?: boolean;
  /** SO_REUSEADDR on IP sockets (the default, as for nc and socat's reuseaddr). */
  reuseaddr?: boolean;
}

/** A bound (and, for streams, listening) socket for `target`. */
export async function bindListener(target: Target, options: BindOptions = {}): Promise<Socket> {
  const server = newSocket(target, "listen");
  try {
    if (target.family !== AF_UNIX && options.reuseaddr !== false)
      server.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
    // `::` is both stacks on Linux by default; -6 without a host asks for IPv6 alone.
    if (target.family === AF_INET6 && target.dualStack !== undefined)
      server.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, target.dualStack ? 0 : 1);
    if (target.family === AF_UNIX && options.unlink) await removeStaleSocket(target.label);
    try {
      await server.bind(target.address);
      if (target.family === AF_UNIX) ownFiles.set(server, fileIdentity(target.label));
    } catch (err) {
      // Only a socket file is something --unlink would replace: for a regular file the hint
      // would mislead.
      const hint =
        target.family === AF_UNIX && isSocketFile(target.label) ? " (--unlink replaces it)" : "";
      throw new NetworkError(`listen ${target.label}${hint}`, err);
    }
    if (target.type !== SOCK_DGRAM) server.listen(options.backlog ?? 128);
    return server;
  } catch (err) {
    server.close();
    throw err;
  }
}

/** The socket file each listener created: its device and inode, read right after bind. */
const ownFiles = new WeakMap<Socket, string | null>();

/** `dev:ino` of what is at `path` if it is a socket, else null (missing, or another kind). */
function fileIdentity(path: string): string | null {
  if (path.startsWith("\0")) return null;
  try {
    const stat = lstatSync(path);
    return stat.isSocket() ? `${stat.dev}:${stat.ino}` : null;
  } catch {
    return null;
  }
}

/**
 * Closes the listener. Like Python's close(), the library leaves a Unix socket file behind;
 * the CLI created it, so it removes it, and the next run needs no --unlink. Only that very
 * file goes: whatever has taken its place since (a regular file, another listener's socket)
 * is not ours to remove.
 */
export function closeListener(server: Socket, target: Target): void {
  const own = ownFiles.get(server);
  server.close();
  if (own == null || fileIdentity(target.label) !== own) return;
  ownFiles.delete(server);
  try {
    unlinkSync(target.label);
  } catch {
    // Removed by someone else meanwhile: nothing left to clean up.
  }
}

/**
 * Removes a leftover socket file. A regular file is never removed, nor a socket that a
 * listener still serves: a connect tells them apart, as only a stale file refuses it.
 */
async function removeStaleSocket(path: string): Promise<void> {
  if (!existsSync(path)) return;
  // Same exit code as without --unlink: the path is taken, which is the machine's state.
  const taken = (why: string) => new NetworkError(`listen ${path}`, new Error(why));
  if (!isSocketFile(path)) throw taken("exists and is not a socket; not removing it");
  const probe = socket(AF_UNIX, SOCK_STREAM);
  // A listener with a full queue keeps the connect waiting: that is a live one too.
  probe.settimeout(2);
  try {
    await probe.connect(path);
  } catch (err) {
    if (err instanceof FileNotFoundError) return;
    if (err instanceof TimeoutError) throw taken("a listener is serving there; not replacing it");
    if (!(err instanceof ConnectionRefusedError)) throw new NetworkError(`listen ${path}`, err);
    unlinkSync(path);
    return;
  } finally {
    probe.close();
  }
  throw taken("a listener is serving there; not replacing it");
}

function isSocketFile(path: string): boolean {
  return existsSync(path) && lstatSync(path).isSocket();
}
