/**
 * Hex dump lines for -x / -o, one direction at a time, offsets counted per direction:
 * `> 00000010  68 65 6c 6c 6f 0a                                |hello.|`
 */
const WIDTH = 16;

export type Direction = "sent" | "received";
const MARK: Record<Direction, string> = { sent: ">", received: "<" };

/** Formats `data`, which starts `offset` bytes into its direction's stream. */
export function hexdump(direction: Direction, offset: number, data: Uint8Array): string {
  let out = "";
  for (let start = 0; start < data.length; start += WIDTH) {
    const row = data.subarray(start, start + WIDTH);
    out += `${MARK[direction]} ${(offset + start).toString(16).padStart(8, "0")}  ${hexColumns(row)}  |${printable(row)}|\n`;
  }
  return out;
}

function hexColumns(row: Uint8Array): string {
  let text = "";
  for (let i = 0; i < WIDTH; i++) {
    const byte = row[i];
    text += byte === undefined ? "   " : `${byte.toString(16).padStart(2, "0")} `;
    if (i === 7) text += " ";
  }
  return text.trimEnd().padEnd(WIDTH * 3, " ");
}

function printable(row: Uint8Array): string {
  let text = "";
  for (const byte of row) text += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : ".";
  return text;
}
