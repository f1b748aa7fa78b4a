/**
 * Connecting through a proxy (--proxy, relay's proxy= option): SOCKS5, SOCKS4/4a or HTTP
 * CONNECT, spelled as ncat spells them. The proxy's own address is resolved here; the target
 * is resolved where --proxy-dns says (by default at the proxy, as socks5h and CONNECT do).
 */
import { AF_INET, AF_INET6, getaddrinfo, SOCK_STREAM, type Socket } from "../../socket/index.ts";
import type { CommonFlags } from "../_args.ts";
import { type ConnectOptions, connectTarget } from "../_connect.ts";
import { NetworkError, UsageError } from "../_errors.ts";
import { labelFor, parsePort, resolveTarget } from "./address.ts";
import { httpConnect } from "./proxy-http.ts";
import { socks4Connect, socks5Connect } from "./proxy-socks.ts";
import type { ProxyLogin, ProxyRequest } from "./proxy-wire.ts";

export type ProxyType = "socks5" | "socks4" | "http";
export type ProxyDns = "local" | "remote" | "both" | "none";

export interface ProxySpec {
  host: string;
  port: number;
  type: ProxyType;
  auth?: ProxyLogin;
  dns: ProxyDns;
  /** `127.0.0.1:1080`, for messages. */
  label: string;
}

/** The words a user may give, from flags or from relay's options. */
export interface ProxyWords {
  proxy?: string;
  type?: string;
  auth?: string;
  dns?: string;
}

/** The flags of `proxyArgs`, as citty hands them over. */
export interface ProxyFlags extends CommonFlags {
  proxy?: string;
  "proxy-type"?: string;
  "proxy-auth"?: string;
  "proxy-dns"?: string;
  zero?: boolean;
}

/** --proxy-type values, and nc's -X spellings (5, 4, connect) for the same. */
const TYPES: Record<string, ProxyType> = {
  socks5: "socks5",
  "5": "socks5",
  socks4: "socks4",
  "4": "socks4",
  http: "http",
  connect: "http",
};
const DNS: ProxyDns[] = ["local", "remote", "both", "none"];

/** Checks and reads the proxy words; undefined when no proxy is asked for. */
export function proxySpecOf(words: ProxyWords): ProxySpec | undefined {
  if (words.proxy === undefined) {
    const stray = words.type ?? words.auth ?? words.dns;
    if (stray !== undefined)
      throw new UsageError("--proxy-type, --proxy-auth and --proxy-dns need --proxy HOST:PORT");
    return undefined;
  }
  // ncat's default type is HTTP.
  const type = TYPES[(words.type ?? "http").toLowerCase()];
  if (!type)
    throw new UsageError(
      `invalid proxy type '${words.type}' (socks5, socks4, http; -X 5, 4, connect)`,
    );
  const dns = (words.dns ?? "remote").toLowerCase() as ProxyDns;
  if (!DNS.includes(dns))
    throw new UsageError(`invalid --proxy-dns '${words.dns}' (local, remote, both, none)`);
  const match = /^\[([^\]]+)\](?::(.*))?$|^([^:]+)(?::([^:]*))?$/.exec(words.proxy);
  if (!match) throw new UsageError(`invalid --proxy '${words.proxy}': expected HOST[:PORT]`);
  const host = (match[1] ?? match[3]) as string;
  const portText = match[2] ?? match[4];
  // ncat's defaults: 1080 for SOCKS, 3128 for HTTP.
  const port =
    portText === undefined ? (type === "http" ? 3128 : 1080) : parsePort(portText, "proxy port");
  const auth = words.auth === undefined ? undefined : splitAuth(words.auth);
  return { host, port, type, auth, dns, label: labelFor(host, port) };
}

/** --proxy and its flags on connect, checked against what cannot go through a proxy. */
export function proxyFromFlags(flags: ProxyFlags): ProxySpec | undefined {
  const spec = proxySpecOf({
    proxy: flags.proxy,
    type: flags["proxy-type"],
    auth: flags["proxy-auth"],
    dns: flags["proxy-dns"],
  });
  if (spec && (flags.udp || flags.unix !== undefined || flags.zero))
    throw new UsageError("--proxy carries TCP connections only (not -u, -U or -z)");
  return spec;
}

function splitAuth(text: string): ProxyLogin {
  const at = text.indexOf(":");
  return at < 0
    ? { user: text, password: "", text }
    : { user: text.slice(0, at), password: text.slice(at + 1), text };
}

/**
 * A socket connected through the proxy to HOST:PORT, the handshake done, ready for bytes.
 *
 * @example
 * const sock = await connectViaProxy(proxySpecOf({ proxy: "127.0.0.1:1080", type: "socks5" })!, "example.org", 80);
 */
export async function connectViaProxy(
  spec: ProxySpec,
  host: string,
  port: number,
  flags: CommonFlags = {},
  wait?: number,
  /** -s and -p: they bind the socket that goes to the proxy, as in ncat. */
  from: Pick<ConnectOptions, "source" | "sourcePort"> = {},
): Promise<Socket> {
  const request: ProxyRequest = {
    host: await targetName(spec, host, flags),
    port,
    auth: spec.auth,
  };
  const target = await resolveTarget(spec.host, spec.port, { ipv4: flags.ipv4, ipv6: flags.ipv6 });
  // A second connection is made when an HTTP proxy closes the first after asking for a login.
  const dial = async (): Promise<Socket> => {
    let sock: Socket;
    try {
      sock = await connectTarget(target, { ...from, wait });
    } catch (err) {
      throw new NetworkError(`connect proxy ${spec.label}`, (err as NetworkError).original ?? err);
    }
    sock.settimeout(wait ?? null);
    return sock;
  };
  let sock = await dial();
  try {
    if (spec.type === "socks5") await socks5Connect(sock, request);
    else if (spec.type === "socks4") await socks4Connect(sock, request);
    else sock = await httpConnect(sock, request, dial);
    sock.settimeout(null);
    return sock;
  } catch (err) {
    sock.close();
    if (err instanceof NetworkError) throw err;
    // A refusal's message is the proxy's reason; a reset or timeout keeps Python's wording.
    throw new NetworkError(`proxy ${spec.label}`, err);
  }
}

/** The target as the proxy is told it: the name, or an address looked up here. */
async function targetName(spec: ProxySpec, host: string, flags: CommonFlags): Promise<string> {
  if (isLiteral(host) || spec.dns === "remote") return host;
  if (spec.dns === "none")
    throw new UsageError(`'${host}' is a name, and --proxy-dns none resolves nowhere`);
  try {
    // SOCKS4 can only carry an IPv4 address.
    const family = flags.ipv6 ? AF_INET6 : flags.ipv4 || spec.type === "socks4" ? AF_INET : 0;
    const [first] = await getaddrinfo(host, null, family, SOCK_STREAM);
    if (first) return String(first[4][0]);
    throw new Error(`no address for ${host}`);
  } catch (err) {
    // both: a name we cannot resolve may still be known to the proxy.
    if (spec.dns === "both") return host;
    throw new NetworkError(`resolve ${host}`, err);
  }
}

function isLiteral(host: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(":");
}
