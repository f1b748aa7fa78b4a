/**
 * Python's `socket.getprotobyname()`: a protocol's number from /etc/protocols (names and
 * aliases), with the common ones built in where the file is missing, as in a slim container.
 */
import { nodeFs } from "../_node-modules.ts";
import { OSError } from "../errors.ts";

const BUILT_IN: Readonly<Record<string, number>> = {
  ip: 0,
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  ipv6: 41,
  gre: 47,
  esp: 50,
  ah: 51,
  "ipv6-icmp": 58,
  sctp: 132,
  udplite: 136,
  raw: 255,
};

let table: Map<string, number> | undefined;

function protocols(): Map<string, number> {
  if (table) return table;
  table = new Map(Object.entries(BUILT_IN));
  let text = "";
  try {
    text = nodeFs().readFileSync("/etc/protocols", "utf8");
  } catch {
    return table;
  }
  for (const line of text.split("\n")) {
    const [name, number, ...aliases] = (line.split("#")[0] ?? "").trim().split(/\s+/);
    if (!name || number === undefined || !/^\d+$/.test(number)) continue;
    for (const alias of [name, ...aliases]) table.set(alias, Number(number));
  }
  return table;
}

/**
 * The number of a protocol by name: `getprotobyname("tcp")` is 6.
 *
 * @example
 * const proto = getprotobyname("udp"); // 17
 */
export function getprotobyname(name: string): number {
  if (typeof name !== "string") {
    throw new TypeError(`getprotobyname() argument must be str, not ${typeof name}`);
  }
  const number = protocols().get(name);
  if (number === undefined) throw new OSError("protocol not found");
  return number;
}
