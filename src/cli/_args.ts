/**
 * Flag groups shared by listen and connect. These definitions drive parsing, --help and shell
 * completions, so a flag is described once. Short aliases follow nc/ncat habits.
 */
import type { ArgsDef } from "citty";

export const transportArgs = {
  udp: { type: "boolean", alias: "u", description: "UDP instead of TCP" },
  unix: { type: "string", alias: "U", valueHint: "PATH", description: "Unix socket at PATH" },
  ipv4: { type: "boolean", alias: "4", description: "IPv4 only" },
  ipv6: { type: "boolean", alias: "6", description: "IPv6 only" },
  numeric: { type: "boolean", alias: "n", description: "numeric addresses only, no DNS" },
} as const satisfies ArgsDef;

export const dataArgs = {
  "idle-timeout": {
    type: "string",
    alias: "i",
    valueHint: "SECS",
    description: "close after SECS with no data either way",
  },
  quit: { type: "string", alias: "q", valueHint: "SECS", description: "quit SECS after stdin EOF" },
  shutdown: { type: "boolean", alias: "N", description: "half-close on stdin EOF (the default)" },
  "send-only": { type: "boolean", description: "only send stdin; ignore what arrives" },
  "recv-only": { type: "boolean", description: "only receive; do not read stdin" },
  crlf: { type: "boolean", alias: "C", description: "send LF from stdin as CRLF" },
} as const satisfies ArgsDef;

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
} as const satisfies ArgsDef;

export const reportArgs = {
  verbose: { type: "boolean", alias: "v", description: "connection events on stderr" },
  hex: { type: "boolean", alias: "x", description: "hex dump of traffic on stderr" },
  output: { type: "string", alias: "o", valueHint: "FILE", description: "hex dump into FILE" },
  json: { type: "boolean", description: "one JSON event a line on stderr" },
  progress: {
    type: "boolean",
    description: "bytes, rate and time on stderr (default: on a terminal, after 1 s)",
    negativeDescription: "never show the progress line",
  },
} as const satisfies ArgsDef;

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
  exec?: string;
  "sh-exec"?: string;
  verbose?: boolean;
  hex?: boolean;
  output?: string;
  json?: boolean;
  progress?: boolean;
}
