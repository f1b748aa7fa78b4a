/**
 * node:crypto and node:tls, loaded on first use. Together with node:net they are about 700 KB
 * of heap (`bun:jsc` heapStats: 1788 KB for `import "sockit"` with them, 142 KB for an empty
 * program), and every garbage collection of a program that imports sockit walks that heap,
 * TLS or not: a 512 KiB-chunk receiver collects every 16 chunks. Only a TLS program pays now.
 */
import type * as Crypto from "node:crypto";
import type * as Tls from "node:tls";

let crypto: typeof Crypto | undefined;
let tls: typeof Tls | undefined;

export function nodeCrypto(): typeof Crypto {
  crypto ??= require("node:crypto") as typeof Crypto;
  return crypto;
}

export function nodeTls(): typeof Tls {
  tls ??= require("node:tls") as typeof Tls;
  return tls;
}
