/**
 * The socket options a stream connection sets through Bun's own calls rather than setsockopt(2)
 * on the descriptor: TCP_NODELAY and SO_KEEPALIVE, which Bun also touches itself.
 */
import type { OptionStore } from "../_options.ts";
import { AF_UNIX, IPPROTO_TCP, SO_KEEPALIVE, SOL_SOCKET, TCP_NODELAY } from "../constants.ts";
import type { BunStream } from "./_connection.ts";

/** Whether the socket's options hold a non-zero value for (level, name). */
export function optionOn(options: OptionStore, level: number, name: number): boolean {
  return options.has(level, name) && options.get(level, name) !== 0;
}

/** setsockopt for the options Bun owns; anything else is not Bun's business here. */
export function applyToBun(bun: BunStream | null, level: number, name: number, value: number) {
  if (!bun) return;
  if (level === IPPROTO_TCP && name === TCP_NODELAY) bun.setNoDelay(value !== 0);
  if (level === SOL_SOCKET && name === SO_KEEPALIVE) bun.setKeepAlive(value !== 0);
}

/** A new connection gets the socket's options; Bun turns TCP_NODELAY on, Python starts with it off. */
export function applyInitial(bun: BunStream | null, family: number, options: OptionStore): void {
  if (family === AF_UNIX) return;
  applyToBun(bun, IPPROTO_TCP, TCP_NODELAY, optionOn(options, IPPROTO_TCP, TCP_NODELAY) ? 1 : 0);
  if (optionOn(options, SOL_SOCKET, SO_KEEPALIVE)) applyToBun(bun, SOL_SOCKET, SO_KEEPALIVE, 1);
}
