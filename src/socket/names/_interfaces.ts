/**
 * Interface names and indexes for IPv6 scope ids (`fe80::1%lo` <-> scope_id 1). Node offers no
 * if_nametoindex(), so they are read from Linux's sysfs; elsewhere only numeric scopes work.
 */
import { nodeFs } from "../_node-modules.ts";

const SYS_NET = "/sys/class/net";

/** if_nametoindex(): the index of a network interface, or undefined if there is none. */
export function interfaceIndex(name: string): number | undefined {
  // A name is one path component; anything else could read outside sysfs.
  if (name === "" || name === "." || name === ".." || name.includes("/")) return undefined;
  try {
    const index = Number(nodeFs().readFileSync(`${SYS_NET}/${name}/ifindex`, "utf8").trim());
    return Number.isInteger(index) && index > 0 ? index : undefined;
  } catch {
    return undefined;
  }
}

/** if_indextoname(): the name of the interface with this index, or undefined. */
export function interfaceName(index: number): string | undefined {
  let names: string[];
  try {
    names = nodeFs().readdirSync(SYS_NET);
  } catch {
    return undefined;
  }
  return names.find((name) => interfaceIndex(name) === index);
}

/** Link-local unicast (fe80::/10) or link-/node-local multicast: scopes that name interfaces. */
function isLinkScoped(address: Uint8Array, nodeLocal: boolean): boolean {
  const [first = 0, second = 0] = address;
  if (first === 0xfe) return (second & 0xc0) === 0x80;
  return first === 0xff && ((second & 0x0f) === 2 || (nodeLocal && (second & 0x0f) === 1));
}

/**
 * glibc's scope parsing for a `%scope` suffix: an interface name for link-scoped addresses,
 * otherwise (or if no such interface) a decimal number that fits 32 bits.
 */
export function parseScopeId(address: Uint8Array, scope: string): number | undefined {
  if (isLinkScoped(address, true)) {
    const index = interfaceIndex(scope);
    if (index !== undefined) return index;
  }
  if (!/^[0-9]+$/.test(scope)) return undefined;
  const value = Number(scope);
  return value <= 0xffffffff ? value : undefined;
}

/** The `%scope` text getnameinfo() appends: an interface name where glibc looks one up. */
export function formatScopeId(address: Uint8Array, scopeId: number): string {
  const name = isLinkScoped(address, false) ? interfaceName(scopeId) : undefined;
  return name ?? String(scopeId);
}
