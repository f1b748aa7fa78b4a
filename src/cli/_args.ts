/**
 * Flag groups shared by listen and connect. These definitions drive parsing, --help and shell
 * completions, so a flag is described once. Short aliases follow nc/ncat habits; long aliases
 * are ncat's own spellings, accepted as ncat users type them. One flag a row, so that flags
 * added by different changes merge without conflicts. See FlagExtras (_argv.ts) for
 * `negativeDescription`, `hidden` and `positionalFallback`.
 */
import type { FlagsDef } from "./_argv.ts";

export const transportArgs = {
  udp: { type: "boolean", alias: "u", description: "UDP instead of TCP" },
  unix: {
    type: "string",
    alias: ["U", "unixsock"],
    valueHint: "PATH",
    description: "Unix socket at PATH",
    positionalFallback: true,
  },
  ipv4: { type: "boolean", alias: "4", description: "IPv4 only" },
  ipv6: { type: "boolean", alias: "6", description: "IPv6 only" },
  numeric: {
    type: "boolean",
    alias: ["n", "nodns"],
    description: "numeric addresses only, no DNS",
  },
} as const satisfies FlagsDef;

export const dataArgs = {
  "idle-timeout": {
    type: "string",
    alias: "i",
    valueHint: "TIME",
    description: "close after TIME with no data either way (5, 500ms, 3s, 2m, 1h)",
  },
  quit: { type: "string", alias: "q", valueHint: "TIME", description: "quit TIME after stdin EOF" },
  shutdown: {
    type: "boolean",
    alias: "N",
    description: "half-close on stdin EOF (the default)",
    negativeDescription: "keep sending side open after stdin EOF; end when the peer does",
  },
  "send-only": { type: "boolean", description: "only send stdin; ignore what arrives" },
  "recv-only": { type: "boolean", alias: "d", description: "only receive; do not read stdin" },
  crlf: { type: "boolean", alias: "C", description: "send LF from stdin as CRLF" },
  delay: {
    type: "string",
    valueHint: "TIME",
    description: "wait TIME after each chunk sent (ncat's -d; here -d is nc's --recv-only)",
  },
} as const satisfies FlagsDef;

/** Joining the connection to a program instead of stdin/stdout (ncat's -e and -c). */
export const execArgs = {
  exec: {
    type: "string",
    alias: "e",
    valueHint: "CMD",
    description: "run CMD (split into words, no shell) with the connection as its stdin/stdout",
  },
  "sh-exec": {
    type: "string",
    alias: "c",
    valueHint: "CMD",
    description: "the same through /bin/sh -c CMD (pipes, $VARS, globs)",
  },
  "lua-exec": {
    type: "string",
    valueHint: "FILE",
    description: "the same with the Lua script FILE, run by the lua on PATH (sockit embeds none)",
  },
} as const satisfies FlagsDef;

/** Connecting through a proxy, as ncat spells it (nc's -X for the type). */
export const proxyArgs = {
  proxy: {
    type: "string",
    valueHint: "HOST:PORT",
    description: "connect through this proxy (port default: 1080 SOCKS, 3128 HTTP)",
  },
  "proxy-type": {
    type: "string",
    alias: "X",
    valueHint: "TYPE",
    description: "socks5, socks4 or http (the default); nc's -X 5, 4, connect",
  },
  "proxy-auth": {
    type: "string",
    valueHint: "USER:PASS",
    description: "log in to the proxy (SOCKS5 user/password, HTTP Digest or Basic, SOCKS4 user)",
  },
  "proxy-dns": {
    type: "string",
    valueHint: "WHERE",
    description: "where HOST is resolved: remote (at the proxy, the default), local, both, none",
  },
} as const satisfies FlagsDef;

export const reportArgs = {
  verbose: { type: "boolean", alias: "v", description: "connection events on stderr" },
  hex: { type: "boolean", alias: "x", description: "hex dump of traffic on stderr" },
  "hex-dump": { type: "string", valueHint: "FILE", description: "hex dump of traffic into FILE" },
  output: {
    type: "string",
    alias: "o",
    valueHint: "FILE",
    description: "copy of the session data, both directions, into FILE",
  },
  json: { type: "boolean", description: "one JSON event a line on stderr" },
  progress: {
    type: "boolean",
    description: "bytes, rate and time on stderr (default: on a terminal, after 1 s)",
    negativeDescription: "never show the progress line",
  },
  debug: { type: "boolean", description: "stack traces with errors (or SOCKIT_DEBUG=1)" },
  // ncat's hook for its own test harness (ncat-test.pl waits for the line before connecting).
  test: {
    type: "boolean",
    description: "print `NCAT TEST: LISTEN` on stderr once listening (ncat's test-suite hook)",
    hidden: true,
  },
} as const satisfies FlagsDef;

/** The values every data command reads, after citty has parsed them. */
export interface CommonFlags {
  udp?: boolean;
  unix?: string;
  ipv4?: boolean;
  ipv6?: boolean;
  numeric?: boolean;
  "idle-timeout"?: string;
  quit?: string;
  shutdown?: boolean;
  "send-only"?: boolean;
  "recv-only"?: boolean;
  crlf?: boolean;
  delay?: string;
  exec?: string;
  "sh-exec"?: string;
  "lua-exec"?: string;
  verbose?: boolean;
  hex?: boolean;
  "hex-dump"?: string;
  output?: string;
  json?: boolean;
  progress?: boolean;
  debug?: boolean;
  test?: boolean;
}
