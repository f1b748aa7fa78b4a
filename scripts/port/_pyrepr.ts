// Python's repr() of bytes, for ports whose originals print bytes objects.
export function repr(data: Uint8Array): string {
  const chars = [...data].map((c) => {
    if (c === 0x27 || c === 0x5c) return `\\${String.fromCharCode(c)}`;
    if (c >= 0x20 && c < 0x7f) return String.fromCharCode(c);
    if (c === 0x0a) return "\\n";
    if (c === 0x0d) return "\\r";
    if (c === 0x09) return "\\t";
    return `\\x${c.toString(16).padStart(2, "0")}`;
  });
  return `b'${chars.join("")}'`;
}
