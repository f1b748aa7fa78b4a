/**
 * --allow / --deny (and their file forms): who may talk to a listener. Rules are addresses,
 * CIDR ranges, `localhost` or host names (resolved once, at start). Deny wins over allow; once
 * any allow rule is given, everything it does not cover is denied. IPv4-mapped IPv6 peers
 * (`::ffff:10.1.2.3`) match IPv4 rules, as a dual-stack listener shows IPv4 clients that way.
 *
 * The one entry point is `accessGate()`: the listen command calls the gate it returns right
 * after accept() and on every UDP datagram, and closes or drops what it refuses. ipaddr.js is
 * loaded only when a rule is given, so a plain `sockit listen` never pays for it.
 */
import { readFileSync } from "node:fs";
import type { ArgsDef } from "citty";
import type { IPv4, IPv6 } from "ipaddr.js";
import { type Address, getaddrinfo, SOCK_STREAM, type Socket } from "../socket/index.ts";
import { NetworkError, UsageError } from "./_errors.ts";
import { acceptRetrying } from "./accept-retry.ts";
import type { Reporter } from "./report/reporter.ts";

export const accessArgs = {
  allow: {
    type: "string",
    valueHint: "SPEC",
    description: "only these peers: address, CIDR, host name or localhost (repeatable, a,b)",
  },
  allowfile: { type: "string", valueHint: "FILE", description: "--allow rules, one a line" },
  deny: {
    type: "string",
    valueHint: "SPEC",
    description: "refuse these peers (wins over --allow)",
  },
  denyfile: { type: "string", valueHint: "FILE", description: "--deny rules, one a line" },
} as const satisfies ArgsDef;

/** A repeated flag reaches us as one value, a line for each time it was given (see _argv.ts). */
type Repeatable = string | undefined;

export interface AccessFlags {
  unix?: string;
  allow?: Repeatable;
  allowfile?: Repeatable;
  deny?: Repeatable;
  denyfile?: Repeatable;
}

/** Admits a peer (true), or reports it as denied and returns false: the caller closes or drops. */
export type Gate = (peer: Address) => boolean;

type Ip = IPv4 | IPv6;
type IpLib = typeof import("ipaddr.js");

/** One rule: the spec as the user wrote it and the ranges it stands for. */
interface Rule {
  spec: string;
  ranges: [Ip, number][];
}

/** True when any access flag is given, so the listener knows it needs an IP peer to check. */
export function hasAccessRules(flags: AccessFlags): boolean {
  return [flags.allow, flags.allowfile, flags.deny, flags.denyfile].some((f) => f !== undefined);
}

/**
 * Builds the gate from the flags: null when no rule is given (everyone is admitted). Malformed
 * specs and unreadable files are usage errors; a host name that does not resolve is a network
 * error, both before anything is bound.
 */
export async function accessGate(flags: AccessFlags, reporter: Reporter): Promise<Gate | null> {
  if (!hasAccessRules(flags)) return null;
  if (flags.unix !== undefined)
    throw new UsageError("--allow and --deny need an IP listener, not -U");
  const ip: IpLib = (await import("ipaddr.js")).default;
  const allow = await parseRules(ip, [
    ...specsOf(flags.allow),
    ...fileSpecs(flags.allowfile, "--allowfile"),
  ]);
  const deny = await parseRules(ip, [
    ...specsOf(flags.deny),
    ...fileSpecs(flags.denyfile, "--denyfile"),
  ]);
  const anyAllow = flags.allow !== undefined || flags.allowfile !== undefined;
  return (peer) => {
    const address = peerIp(ip, peer);
    const denied = address === null ? undefined : deny.find((r) => matches(address, r));
    if (denied) return refuse(reporter, peer, `--deny ${denied.spec}`);
    if (!anyAllow) return true;
    if (address !== null && allow.some((r) => matches(address, r))) return true;
    return refuse(reporter, peer, "not in --allow");
  };
}

function refuse(reporter: Reporter, peer: Address, rule: string): false {
  reporter.denied(peer, rule);
  return false;
}

/** `a,b` and repeated flags alike, blanks dropped. */
function specsOf(value: Repeatable): string[] {
  return (value ?? "")
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/**
 * Rules separated by lines, blanks or commas; `#` starts a comment. ncat's files put several
 * rules on one line (`1.2.3.4 localhost`), so a space separates two rules, as a newline does.
 */
function fileSpecs(value: Repeatable, flag: string): string[] {
  const paths = value === undefined ? [] : value.split("\n");
  return paths.flatMap((path) => {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      throw new UsageError(`${flag} ${path}: ${(err as Error).message}`);
    }
    return text
      .split("\n")
      .flatMap((line) => specsOf(line.replace(/#.*/, "").replace(/\s+/g, ",")));
  });
}

async function parseRules(ip: IpLib, specs: string[]): Promise<Rule[]> {
  return Promise.all(specs.map(async (spec) => ({ spec, ranges: await rangesOf(ip, spec) })));
}

/** What a spec covers: a CIDR, one address, localhost's loopback ranges, or a name's addresses. */
async function rangesOf(ip: IpLib, spec: string): Promise<[Ip, number][]> {
  if (spec.includes("/")) {
    try {
      const [base, bits] = ip.parseCIDR(spec);
      // `::ffff:10.0.0.0/104` is 10.0.0.0/8 for the IPv4 peers it is meant for.
      return [isMapped(base) && bits >= 96 ? [unmapped(base), bits - 96] : [base, bits]];
    } catch {
      throw new UsageError(`invalid address range '${spec}'`);
    }
  }
  if (isLiteral(ip, spec)) {
    const address = unmapped(ip.parse(spec));
    return [[address, address.kind() === "ipv4" ? 32 : 128]];
  }
  if (!/^[a-z0-9.-]+$/i.test(spec)) throw new UsageError(`invalid address '${spec}'`);
  // localhost resolves to 127.0.0.1 alone on many systems; it means all of loopback to a user.
  const loopback: [Ip, number][] =
    spec.toLowerCase() === "localhost"
      ? [
          [ip.parse("127.0.0.0"), 8],
          [ip.parse("::1"), 128],
        ]
      : [];
  try {
    const infos = await getaddrinfo(spec, null, 0, SOCK_STREAM);
    return [
      ...loopback,
      ...infos.map(([, , , , [host]]): [Ip, number] => {
        const address = unmapped(ip.parse(String(host).replace(/%.*/, "")));
        return [address, address.kind() === "ipv4" ? 32 : 128];
      }),
    ];
  } catch (err) {
    if (loopback.length > 0) return loopback;
    throw new NetworkError(`resolve ${spec}`, err);
  }
}

function isMapped(address: Ip): boolean {
  return address.kind() === "ipv6" && (address as IPv6).isIPv4MappedAddress();
}

/** `::ffff:a.b.c.d` as the IPv4 address it carries; anything else unchanged. */
function unmapped(address: Ip): Ip {
  return isMapped(address) ? (address as IPv6).toIPv4Address() : address;
}

/** The peer's IP without a scope (`fe80::1%eth0`), mapped IPv4 unwrapped; null for Unix peers. */
function peerIp(ip: IpLib, peer: Address): Ip | null {
  if (typeof peer === "string") return null;
  const host = String(peer[0]).replace(/%.*/, "");
  return isLiteral(ip, host) ? unmapped(ip.parse(host)) : null;
}

/** Dotted quads and IPv6 only: ipaddr.js would also take `0x7f.1` or `2130706433`. */
function isLiteral(ip: IpLib, text: string): boolean {
  return ip.IPv4.isValidFourPartDecimal(text) || ip.IPv6.isValid(text);
}

function matches(address: Ip, rule: Rule): boolean {
  return rule.ranges.some(([base, bits]) => {
    // Mapped ranges were turned into IPv4 ones, so `::/0` means IPv6 peers only.
    return address.kind() === base.kind() && address.match(base, bits);
  });
}

/**
 * accept() until a peer the gate admits. A refused connection is closed before a byte is read
 * or sent, so it never reaches --exec, the broker or stdout.
 */
export async function acceptAdmitted(
  server: Socket,
  gate: Gate | null | undefined,
  reporter: Reporter,
): Promise<[Socket, Address]> {
  for (;;) {
    const [conn, peer] = await acceptRetrying(server, reporter);
    if (!gate || gate(peer)) return [conn, peer];
    conn.close();
  }
}
