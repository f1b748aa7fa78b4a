/**
 * The services database behind getservbyname(), getservbyport(), getaddrinfo() and getnameinfo():
 * /etc/services read once, on first use. Lookups follow glibc's files backend: entries in file
 * order, the first match wins, names and aliases compare case-sensitively.
 */
import { nodeFs } from "../_node-modules.ts";

export interface ServiceEntry {
  name: string;
  port: number;
  proto: string;
  aliases: readonly string[];
}

const SERVICES_PATH = "/etc/services";

/**
 * The most used entries of Debian's netbase /etc/services, for systems without the file
 * (minimal containers, Windows), so `getaddrinfo(host, "http")` still works there.
 */
const BUILTIN_SERVICES = `
echo 7/tcp
echo 7/udp
ftp-data 20/tcp
ftp 21/tcp
ssh 22/tcp
telnet 23/tcp
smtp 25/tcp mail
domain 53/tcp
domain 53/udp
bootps 67/udp
bootpc 68/udp
tftp 69/udp
http 80/tcp www
pop3 110/tcp pop-3
ntp 123/udp
imap2 143/tcp imap
snmp 161/tcp
snmp 161/udp
ldap 389/tcp
https 443/tcp
https 443/udp
submissions 465/tcp ssmtp smtps urd
syslog 514/udp
submission 587/tcp
imaps 993/tcp
pop3s 995/tcp
mysql 3306/tcp
postgresql 5432/tcp postgres
`;

/** Parses services(5) text: `name port/proto [aliases...] [# comment]`; other lines are skipped. */
export function parseServices(text: string): ServiceEntry[] {
  const entries: ServiceEntry[] = [];
  for (const line of text.split("\n")) {
    const [name, portProto = "", ...aliases] = line.replace(/#.*/, "").trim().split(/\s+/);
    const match = /^(\d+)\/(\S+)$/.exec(portProto);
    if (!name || !match) continue;
    const port = Number(match[1]);
    if (port <= 0xffff) entries.push({ name, port, proto: match[2] as string, aliases });
  }
  return entries;
}

/** Reads a services file; a missing or unreadable one gives the built-in table instead. */
export function loadServices(path: string = SERVICES_PATH): ServiceEntry[] {
  let text: string;
  try {
    text = nodeFs().readFileSync(path, "utf8");
  } catch {
    text = BUILTIN_SERVICES;
  }
  return parseServices(text);
}

let cached: ServiceEntry[] | undefined;

function services(): ServiceEntry[] {
  cached ??= loadServices();
  return cached;
}

/** The first entry called `name` (or aliased so) for `proto`, or for any protocol if none given. */
export function serviceByName(name: string, proto?: string): ServiceEntry | undefined {
  return services().find(
    (entry) =>
      (entry.name === name || entry.aliases.includes(name)) &&
      (proto === undefined || entry.proto === proto),
  );
}

/** The first entry on `port` for `proto`, or for any protocol if none given. */
export function serviceByPort(port: number, proto?: string): ServiceEntry | undefined {
  return services().find(
    (entry) => entry.port === port && (proto === undefined || entry.proto === proto),
  );
}
