/**
 * node:fs, node:crypto and node:tls, each loaded on first use. Imported eagerly they were about
 * 950 KB of heap (`bun:jsc` heapStats: 1788 KB for `import "sockit"`, 888 KB without them,
 * 142 KB for an empty program), and every garbage collection of a program that imports sockit
 * walks that heap. A bulk receiver collects every 16 chunks, since each chunk Bun hands over
 * is a fresh buffer. A socket program seldom needs a file (/etc/services, a Unix socket's path,
 * sendfile) early, and only a TLS program needs the other two.
 */
import type * as Crypto from "node:crypto";
import type * as Fs from "node:fs";
import type * as Tls from "node:tls";

let fs: typeof Fs | undefined;
let crypto: typeof Crypto | undefined;
let tls: typeof Tls | undefined;

export function nodeFs(): typeof Fs {
  fs ??= require("node:fs") as typeof Fs;
  return fs;
}

export function nodeCrypto(): typeof Crypto {
  crypto ??= require("node:crypto") as typeof Crypto;
  return crypto;
}

export function nodeTls(): typeof Tls {
  tls ??= require("node:tls") as typeof Tls;
  return tls;
}
