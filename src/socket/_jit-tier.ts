/**
 * Keeps the calls a bulk send loop makes tens of thousands of times (sendall and the layers
 * under it) out of JavaScriptCore's FTL tier, its slowest-compiling one.
 *
 * These functions spend their time in the kernel's write, so FTL's faster code buys nothing
 * measurable. Compiling them, and every caller loop they are inlined into, cost the sender
 * 85 ms of compiler-thread CPU per GiB (BUN_JSC_reportCompileTimes). On a 2-core machine that
 * CPU comes out of the sender and receiver themselves. Kept in the DFG tier, 35-53 ms over
 * four runs, and library → library bulk rose 5% (2-core Xeon, 7 alternating rounds).
 */
import { noFTL } from "bun:jsc";
import { Socket } from "./socket.ts";
import { StreamConnection } from "./stream/_connection.ts";
import { SendallQueue } from "./stream/_io.ts";
import { StreamTransport } from "./stream/_transport.ts";

/** sendall's chain, outermost first: compiled no higher than DFG, and never inlined into FTL code. */
export function keepSendallOutOfFtl(): void {
  const chain = [
    Socket.prototype.sendall,
    StreamTransport.prototype.sendall,
    SendallQueue.prototype.send,
    StreamConnection.prototype.write,
  ];
  for (const fn of chain) noFTL(fn as (...args: unknown[]) => unknown);
}
