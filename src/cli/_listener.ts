/**
 * Binding a listening socket the way the CLI wants it, for `listen` and relay's `*-listen:`
 * addresses: SO_REUSEADDR on IP, --unlink for a stale Unix socket file, and a close that
 * removes the socket file the CLI created.
 */
import { existsSync, lstatSync, rmSync, unlinkSync } from "node:fs";
import {
  AF_INET6,
  AF_UNIX,
  IPPROTO_IPV6,
  IPV6_V6ONLY,
  SO_REUSEADDR,
  SOCK_DGRAM,
  SOL_SOCKET,
  type Socket,
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
    if (target.family === AF_UNIX && options.unlink) removeStaleSocket(target.label);
    try {
      await server.bind(target.address);
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

/**
 * Closes the listener. Like Python's close(), the library leaves a Unix socket file behind;
 * the CLI created it, so it removes it, and the next run needs no --unlink.
 */
export function closeListener(server: Socket, target: Target): void {
  const ownsFile = target.family === AF_UNIX && !target.label.startsWith("\0");
  server.close();
  if (ownsFile) rmSync(target.label, { force: true });
}

/** Removes a leftover socket file; a regular file is never removed. */
function removeStaleSocket(path: string): void {
  if (!existsSync(path)) return;
  if (!isSocketFile(path)) {
    // Same exit code as without --unlink: the path is taken, which is the machine's state.
    throw new NetworkError(
      `listen ${path}`,
      new Error("exists and is not a socket; not removing it"),
    );
  }
  unlinkSync(path);
}

function isSocketFile(path: string): boolean {
  return existsSync(path) && lstatSync(path).isSocket();
}
