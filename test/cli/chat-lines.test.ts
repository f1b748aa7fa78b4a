/** --chat's line discipline: prefixes, escapes, CRLF, cut long lines, the last line at EOF. */
import { describe, expect, test } from "bun:test";
import { ChatLines, escapeControls, MAX_LINE } from "../../src/cli/broker/chat-lines.ts";

const text = (lines: Uint8Array[]) => lines.map((l) => Buffer.from(l).toString("latin1"));
const bytes = (s: string) => Buffer.from(s, "latin1");

describe("ChatLines", () => {
  test("prefixes each whole line and keeps a partial one for the next read", () => {
    const lines = new ChatLines("user2");
    expect(text(lines.feed(bytes("hel")))).toEqual([]);
    expect(text(lines.feed(bytes("lo\nwor")))).toEqual(["<user2> hello\n"]);
    expect(text(lines.feed(bytes("ld\n\n")))).toEqual(["<user2> world\n", "<user2> \n"]);
    expect(lines.end()).toBeNull();
  });

  test("CRLF ends a line like LF; an unterminated last line is sent at EOF", () => {
    const lines = new ChatLines("user1");
    expect(text(lines.feed(bytes("dos\r\nlast")))).toEqual(["<user1> dos\n"]);
    expect(text([lines.end() as Uint8Array])).toEqual(["<user1> last\n"]);
  });

  test.each([
    ["escape", "\x1b[2J", "\\x1b[2J"],
    ["bell and NUL", "\x07\x00", "\\x07\\x00"],
    ["DEL", "a\x7fb", "a\\x7fb"],
    ["a lone CR inside a line", "a\rb", "a\\x0db"],
    ["tab stays", "a\tb", "a\tb"],
    ["UTF-8 stays", "h\xc3\xa9", "h\xc3\xa9"],
  ])("%s", (_name, input, shown) => {
    expect(Buffer.from(escapeControls([...bytes(input)])).toString("latin1")).toBe(shown);
  });

  test("a line longer than 64 KiB is cut there; the rest up to LF is dropped", () => {
    const lines = new ChatLines("user3");
    const out = text(lines.feed(bytes(`${"x".repeat(MAX_LINE + 5000)}\nnext\n`)));
    expect(out).toEqual([`<user3> ${"x".repeat(MAX_LINE)}\n`, "<user3> next\n"]);
    // Megabytes without a newline cost nothing: nothing is held beyond the cut.
    for (let i = 0; i < 16; i++)
      expect(lines.feed(new Uint8Array(MAX_LINE).fill(0x61))).toHaveLength(i === 0 ? 1 : 0);
    expect(lines.end()).toBeNull();
  });
});
