/**
 * --help text, drawn from the same citty definitions that parse the flags: examples first,
 * then usage, options wrapped to 80 columns, and the exit codes.
 */
import type { ArgsDef, CommandDef } from "citty";

export const EXIT_CODES =
  "Exit codes: 0 success, 1 network error (refused, reset, timeout, DNS),\n            2 usage error (bad flag, port or address).";

export interface HelpPage {
  usage: string[];
  examples: [command: string, what: string][];
  /** Paragraphs after the options: warnings, tables (each line printed as is). */
  notes?: string[];
}

const WIDTH = 80;

export function renderHelp(name: string, cmd: CommandDef, page: HelpPage): string {
  const meta = (cmd.meta ?? {}) as { description?: string };
  const lines = [...heading(name, meta.description ?? ""), "", "Examples:"];
  const exampleWidth = Math.max(...page.examples.map(([c]) => c.length));
  for (const [command, what] of page.examples) {
    if (exampleWidth + 6 + what.length <= WIDTH)
      lines.push(`  ${command.padEnd(exampleWidth)}  # ${what}`);
    else lines.push(`  # ${what}`, `  ${command}`);
  }
  lines.push("", "Usage:", ...page.usage.map((u) => `  ${u}`));
  const options = optionRows((cmd.args ?? {}) as ArgsDef);
  if (options.length > 0) {
    lines.push("", "Options:");
    const left = Math.min(26, Math.max(...options.map(([flag]) => flag.length)));
    for (const [flag, text] of options) lines.push(...wrapRow(flag, text, left));
  }
  for (const note of page.notes ?? []) lines.push("", note);
  lines.push("", EXIT_CODES);
  return `${lines.join("\n")}\n`;
}

/** `name: description`, continued under the description when it would pass 80 columns. */
function heading(name: string, description: string): string[] {
  const indent = " ".repeat(name.length + 2);
  const out: string[] = [];
  let line = `${name}:`;
  for (const word of description.split(" ")) {
    if (line.length + 1 + word.length > WIDTH && line.trim() !== "") {
      out.push(line);
      line = indent.slice(1);
    }
    line += ` ${word}`;
  }
  out.push(line);
  return out;
}

function optionRows(args: ArgsDef): [string, string][] {
  const rows: [string, string][] = [];
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional" || (def as { hidden?: boolean }).hidden) continue;
    const aliases = [(def as { alias?: string | string[] }).alias ?? []].flat();
    const short = aliases.filter((a) => a.length === 1);
    // Long aliases are ncat's spellings: listed so that its users find their flag.
    const long = [name, ...aliases.filter((a) => a.length > 1)];
    const hint = def.type === "string" ? ` ${def.valueHint ?? "VALUE"}` : "";
    const flag = [...short.map((a) => `-${a}`), ...long.map((a) => `--${a}`)].join(", ") + hint;
    rows.push([short.length > 0 ? flag : `    ${flag}`, def.description ?? ""]);
    const negative = (def as { negativeDescription?: string }).negativeDescription;
    if (def.type === "boolean" && negative) rows.push([`    --no-${name}`, negative]);
  }
  return rows;
}

function wrapRow(flag: string, text: string, left: number): string[] {
  const indent = " ".repeat(left + 4);
  const out: string[] = [];
  let line = `  ${flag.padEnd(left)}  `;
  if (flag.length > left) {
    out.push(`  ${flag}`);
    line = indent;
  }
  let words = 0;
  for (const word of text.split(" ")) {
    if (words > 0 && line.length + word.length > WIDTH) {
      out.push(line.trimEnd());
      line = indent;
    }
    line += `${word} `;
    words++;
  }
  out.push(line.trimEnd());
  return out;
}
