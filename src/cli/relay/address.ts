/**
 * relay's socat-like addresses: `KIND:REST[,OPTION[=VALUE]]...`, such as `tcp-listen:8080,reuseaddr`,
 * `tcp:example.org:80`, `unix:/run/app.sock`, `exec:cat`, `-`. socat's own spellings of the kinds
 * (`TCP-LISTEN`, `UNIX-CONNECT`, `SYSTEM`, `OPENSSL`...) are accepted, in any case.
 */
import { UsageError } from "../_errors.ts";
import { parsePort } from "../endpoints/address.ts";

export type AddressKind =
  | "tcp"
  | "tcp-listen"
  | "udp"
  | "udp-listen"
  | "unix"
  | "unix-listen"
  | "exec"
  | "system"
  | "stdio"
  | "ssl"
  | "ssl-listen";

export interface RelayAddress {
  kind: AddressKind;
  /** As the user wrote it, for messages. */
  text: string;
  host?: string;
  port?: number;
  path?: string;
  command?: string;
  /** 4 or 6 from `tcp4:`/`tcp6:` (and the UDP spellings); undefined lets the name decide. */
  ipVersion?: 4 | 6;
  /** `name` → value; a bare option has the value "". */
  options: Map<string, string>;
}

const KINDS: Record<string, AddressKind> = {
  tcp: "tcp",
  "tcp-connect": "tcp",
  "tcp-listen": "tcp-listen",
  "tcp-l": "tcp-listen",
  udp: "udp",
  "udp-connect": "udp",
  "udp-listen": "udp-listen",
  "udp-l": "udp-listen",
  unix: "unix",
  "unix-connect": "unix",
  "unix-client": "unix",
  "unix-listen": "unix-listen",
  "unix-l": "unix-listen",
  exec: "exec",
  system: "system",
  sh: "system",
  stdio: "stdio",
  "-": "stdio",
  ssl: "ssl",
  openssl: "ssl",
  "ssl-listen": "ssl-listen",
  "openssl-listen": "ssl-listen",
};

const LISTEN_OPTIONS = ["bind", "reuseaddr", "backlog", "fork"];
const PROXY_OPTIONS = ["proxy", "proxy-type", "proxy-auth", "proxy-dns"];
const TLS_OPTIONS = ["servername", "verify", "cafile", "cert", "key"];

/** Which comma options each kind takes; anything else is a usage error. */
const OPTIONS: Record<AddressKind, string[]> = {
  tcp: ["bind", "connect-timeout", ...PROXY_OPTIONS],
  "tcp-listen": LISTEN_OPTIONS,
  udp: ["bind"],
  "udp-listen": ["bind", "reuseaddr", "fork"],
  unix: ["connect-timeout"],
  "unix-listen": ["unlink", "unlink-early", "backlog", "fork"],
  exec: [],
  system: [],
  stdio: [],
  ssl: ["bind", "connect-timeout", ...TLS_OPTIONS, ...PROXY_OPTIONS],
  "ssl-listen": [...LISTEN_OPTIONS, ...TLS_OPTIONS],
};

/**
 * Parses one relay address.
 *
 * @example
 * parseRelayAddress("tcp-listen:127.0.0.1:8080,reuseaddr");
 * // { kind: "tcp-listen", host: "127.0.0.1", port: 8080, options: Map { "reuseaddr" => "" } }
 */
export function parseRelayAddress(text: string): RelayAddress {
  const colon = text.indexOf(":");
  const head = (colon < 0 ? text : text.slice(0, colon)).toLowerCase();
  const ipVersion = /^(tcp|udp)[46]/.test(head) ? (Number(head[3]) as 4 | 6) : undefined;
  const kind = KINDS[ipVersion ? head.slice(0, 3) + head.slice(4) : head];
  if (kind === undefined) throw new UsageError(`unknown address type '${head}' in '${text}'`);
  const rest = colon < 0 ? "" : text.slice(colon + 1);
  // A program's command line is taken whole: commas are common in it and mean nothing here.
  if (kind === "exec" || kind === "system") {
    if (rest.trim() === "") throw new UsageError(`'${text}' needs a command`);
    return { kind, text, command: rest, options: new Map() };
  }
  const [main = "", ...optionWords] = rest === "" ? [] : rest.split(",");
  const address: RelayAddress = {
    kind,
    text,
    ipVersion,
    options: parseOptions(optionWords, kind, text),
  };
  if (kind === "stdio") {
    if (main !== "") throw new UsageError(`'${text}': stdio takes no address`);
    return address;
  }
  if (kind === "unix" || kind === "unix-listen") {
    if (main === "") throw new UsageError(`'${text}' needs a socket path`);
    return { ...address, path: main };
  }
  const listening = kind.endsWith("-listen");
  const [host, portText] = splitHostPort(main, listening, text);
  return { ...address, host, port: portOf(portText, text) };
}

function portOf(portText: string, text: string): number {
  try {
    return parsePort(portText);
  } catch (err) {
    throw new UsageError(`${(err as Error).message} in '${text}'`);
  }
}

function parseOptions(words: string[], kind: AddressKind, text: string): Map<string, string> {
  const options = new Map<string, string>();
  for (const word of words) {
    const at = word.indexOf("=");
    const name = (at < 0 ? word : word.slice(0, at)).toLowerCase();
    if (!OPTIONS[kind].includes(name)) {
      const known = OPTIONS[kind].join(", ") || "none";
      throw new UsageError(`unknown option '${name}' in '${text}' (${kind} takes: ${known})`);
    }
    options.set(name, at < 0 ? "" : word.slice(at + 1));
  }
  return options;
}

/** `HOST:PORT`, `[V6]:PORT`, and for listeners a bare `PORT`. */
function splitHostPort(
  main: string,
  listening: boolean,
  text: string,
): [string | undefined, string] {
  const bracketed = /^\[([^\]]+)\]:(.*)$/.exec(main);
  if (bracketed) return [bracketed[1], bracketed[2] as string];
  const at = main.lastIndexOf(":");
  if (at < 0) {
    if (listening) return [undefined, main];
    throw new UsageError(`'${text}' needs HOST:PORT`);
  }
  const host = main.slice(0, at);
  if (host.includes(":")) throw new UsageError(`'${text}': write an IPv6 address as [ADDR]:PORT`);
  if (host === "") throw new UsageError(`'${text}' needs a host before ':'`);
  return [host, main.slice(at + 1)];
}

/** A yes/no option: bare or `=1`/`yes`/`true` is yes, `=0`/`no`/`false` is no. */
export function flagOption(address: RelayAddress, name: string): boolean | undefined {
  const value = address.options.get(name);
  if (value === undefined) return undefined;
  if (["", "1", "yes", "true", "on"].includes(value.toLowerCase())) return true;
  if (["0", "no", "false", "off"].includes(value.toLowerCase())) return false;
  throw new UsageError(`option '${name}=${value}' in '${address.text}': expected 0 or 1`);
}
