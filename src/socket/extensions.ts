/**
 * What sockit adds past Python's socket module, for tools built on the library (sockit's own
 * CLI first): Linux's zero-copy paths from a socket, the libc calls under them, timers past
 * setTimeout's 24.8-day limit, and telling an IP literal's version. Not part of Python's API,
 * and not exported from the package's entry points; the CLI imports this file and no private
 * module of the library.
 *
 * @example
 * const splicer = spliceReceiver(sock); // null off Linux, under TLS, or without libc
 * const moved = splicer?.splice(pipeFd, 1 << 20);
 */
import { TRANSPORT } from "./_transport.ts";
import type { Socket } from "./socket.ts";
import { echoBack } from "./stream/_echo.ts";
import { type ReceiveSplicer, receiveSplicer } from "./stream/_splice.ts";

export { lastErrno, libc } from "./_libc.ts";
export { type LongTimer, longTimeout } from "./_long-timer.ts";
export { ipVersion } from "./names/_ip-text.ts";
export type { ReceiveSplicer };

/** splice(2) out of `sock`'s receive queue, or null where it cannot be used (`stream/_splice.ts`). */
export function spliceReceiver(sock: Socket): ReceiveSplicer | null {
  return receiveSplicer(sock[TRANSPORT]());
}

/**
 * `--echo`'s loop: every chunk `sock` receives is written back from inside Bun's callback and
 * told to `each`; null when `sock` cannot (`stream/_echo.ts`), and the caller loops itself.
 */
export function echoBackOn(sock: Socket, each: (chunk: Buffer) => void): Promise<void> | null {
  return echoBack(sock[TRANSPORT](), each);
}
