/**
 * IP addresses between text and bytes, by glibc's rules: the lenient inet_aton() forms (`127.1`,
 * `0x7f.1`, octal parts), the strict inet_pton() forms, and inet_ntop()'s RFC 5952 output.
 * Parsers return null on bad input so each caller can raise the error its Python function raises.
 */

/** C's isspace() in the "C" locale: inet_aton() stops reading at any of these. */
const C_SPACE = new Set([" ", "\t", "\n", "\v", "\f", "\r"]);

/** The largest value the last part may hold, by how many parts precede it: a, a.b, a.b.c, a.b.c.d. */
const LAST_PART_MAX = [0xffffffff, 0xffffff, 0xffff, 0xff] as const;

const DIGITS: Readonly<Record<number, RegExp>> = { 8: /[0-7]/, 10: /[0-9]/, 16: /[0-9a-fA-F]/ };

/**
 * One number as strtoul(..., 0) reads it inside inet_aton(): `0x` hex, leading-zero octal,
 * otherwise decimal. Returns the value and the index after it, or null when no digit starts it.
 */
function readPart(text: string, start: number): [value: number, end: number] | null {
  if (!DIGITS[10]?.test(text.charAt(start))) return null;
  let base = 10;
  let index = start;
  if (text[index] === "0") {
    const hex = text[index + 1] === "x" || text[index + 1] === "X";
    base = hex ? 16 : 8;
    if (hex) index += 2;
  }
  const digit = DIGITS[base] as RegExp;
  const first = index;
  let value = 0;
  while (index < text.length && digit.test(text.charAt(index))) {
    // Beyond 2**53 the value is inexact, but it is already far over any part's limit.
    value = value * base + Number.parseInt(text.charAt(index), 16);
    index++;
  }
  // "0x" with no hex digit: strtoul reads only the 0, leaving an 'x' nothing can follow.
  if (base === 16 && index === first) return null;
  return [value, index];
}

/**
 * inet_aton(): 1 to 4 dot-separated parts, the last filling the remaining bytes. Text after the
 * address is allowed when it starts with whitespace, unless `exact` (glibc's inet_aton_exact,
 * which getaddrinfo uses to spot literals).
 */
export function parseInetAton(text: string, exact = false): Uint8Array | null {
  const parts: number[] = [];
  let index = 0;
  let last: number;
  for (;;) {
    const part = readPart(text, index);
    if (!part) return null;
    [last, index] = part;
    if (text[index] !== ".") break;
    if (parts.length === 3 || last > 0xff) return null;
    parts.push(last);
    index++;
  }
  if (index < text.length && (exact || !C_SPACE.has(text.charAt(index)))) return null;
  if (last > LAST_PART_MAX[parts.length as 0 | 1 | 2 | 3]) return null;
  const value = parts.reduce((sum, part, at) => sum + part * 2 ** (24 - 8 * at), last);
  return uint32Bytes(value);
}

function uint32Bytes(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

/** inet_pton(AF_INET): exactly four decimal parts of 0-255, no leading zeros, nothing else. */
export function parseIPv4(text: string): Uint8Array | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  if (!parts.every((part) => /^(0|[1-9][0-9]{0,2})$/.test(part) && Number(part) <= 255)) {
    return null;
  }
  return Uint8Array.from(parts, Number);
}

/** The 16-bit words of one side of `::`; only the address's final group may be an IPv4 tail. */
function readGroups(side: string, ipv4Allowed: boolean): number[] | null {
  if (side === "") return [];
  const groups = side.split(":");
  const words: number[] = [];
  for (const [at, group] of groups.entries()) {
    if (ipv4Allowed && at === groups.length - 1 && group.includes(".")) {
      const tail = parseIPv4(group);
      if (!tail) return null;
      words.push(((tail[0] as number) << 8) | (tail[1] as number));
      words.push(((tail[2] as number) << 8) | (tail[3] as number));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(group)) {
      words.push(Number.parseInt(group, 16));
    } else {
      return null;
    }
  }
  return words;
}

/**
 * inet_pton(AF_INET6): eight groups of 1-4 hex digits, one `::` standing for at least one zero
 * group, and an optional dotted-quad tail. No scope (`%eth0`), brackets or spaces.
 */
export function parseIPv6(text: string): Uint8Array | null {
  const gap = text.indexOf("::");
  if (gap !== -1 && text.includes("::", gap + 1)) return null;
  const head = readGroups(gap === -1 ? text : text.slice(0, gap), gap === -1);
  const tail = gap === -1 ? [] : readGroups(text.slice(gap + 2), true);
  if (!head || !tail) return null;
  const used = head.length + tail.length;
  if (gap === -1 ? used !== 8 : used > 7) return null;
  const words = [...head, ...new Array<number>(8 - used).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  for (const [at, word] of words.entries()) view.setUint16(at * 2, word);
  return bytes;
}

/**
 * 4 or 6 for an IP literal (an IPv6 one may carry a non-empty `%scope`), 0 for anything else:
 * node:net's isIP, without loading node:net (~500 KB of heap) for one question.
 */
export function ipVersion(text: string): 4 | 6 | 0 {
  if (parseIPv4(text)) return 4;
  const scope = text.indexOf("%");
  if (scope === 0 || scope === text.length - 1) return 0;
  return parseIPv6(scope === -1 ? text : text.slice(0, scope)) ? 6 : 0;
}

/** Dotted decimal for 4 bytes. */
export function formatIPv4(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4)).join(".");
}

/** The first longest run of zero words, as glibc's inet_ntop6 finds it; runs of one don't count. */
function longestZeroRun(words: readonly number[]): { start: number; length: number } {
  let best = { start: -1, length: 0 };
  let start = -1;
  for (let at = 0; at <= words.length; at++) {
    if (at < words.length && words[at] === 0) {
      if (start === -1) start = at;
      continue;
    }
    if (start !== -1 && at - start > best.length) best = { start, length: at - start };
    start = -1;
  }
  return best.length >= 2 ? best : { start: -1, length: 0 };
}

/**
 * inet_ntop(AF_INET6) as glibc prints it: lowercase hex without leading zeros, the first longest
 * zero run as `::`, and a dotted-quad tail for `::a.b.c.d` and `::ffff:a.b.c.d` only.
 */
export function formatIPv6(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  const words = Array.from({ length: 8 }, (_, at) => view.getUint16(at * 2));
  const run = longestZeroRun(words);
  if (run.start === 0 && (run.length === 6 || (run.length === 5 && words[5] === 0xffff))) {
    return `${run.length === 6 ? "::" : "::ffff:"}${formatIPv4(bytes.subarray(12))}`;
  }
  const hex = (part: readonly number[]) => part.map((word) => word.toString(16)).join(":");
  if (run.length === 0) return hex(words);
  return `${hex(words.slice(0, run.start))}::${hex(words.slice(run.start + run.length))}`;
}

/** True for `::ffff:a.b.c.d`, an IPv4 address carried in IPv6. */
export function isV4Mapped(bytes: Uint8Array): boolean {
  return (
    bytes.subarray(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff
  );
}

/** `::ffff:a.b.c.d` for an IPv4 address. */
export function mapToIPv6(ipv4: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(16);
  bytes.set([0xff, 0xff], 10);
  bytes.set(ipv4.subarray(0, 4), 12);
  return bytes;
}
