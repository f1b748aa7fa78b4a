/**
 * Turning series into what people read: ratios sockit/peer, the stdout table, and the
 * targets (printed, never enforced: a noisy shared machine must not fail a build).
 */
import { formatNumber, MiB, ratio, roundRatio, type Series, summarize } from "./stats.ts";

export interface Comparison {
  scenario: string;
  group: string;
  subject: string;
  peer: string;
  unit: string;
  better: Series["better"];
  /** sockit's median / the peer's median. */
  ratio: number;
  /** The median of the per-round ratios (`roundRatio`), when both ran every round. */
  perRound?: number;
}

export interface TargetCheck {
  target: string;
  value?: number;
  met?: boolean;
  note: string;
}

/** Groups in first-seen order, each with its series. */
export function byGroup(series: Series[]): Map<string, Series[]> {
  const groups = new Map<string, Series[]>();
  for (const s of series) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  return groups;
}

export function comparisons(series: Series[]): Comparison[] {
  const out: Comparison[] = [];
  for (const members of byGroup(series).values()) {
    const subject = members.find((s) => s.subject);
    if (!subject) continue;
    for (const peer of members.filter((s) => !s.subject)) {
      const r = ratio(subject, peer);
      if (r === undefined) continue;
      const { scenario, group, unit, better } = peer;
      const perRound = roundRatio(subject, peer);
      const names = { scenario, group, subject: subject.tool, peer: peer.tool };
      out.push({ ...names, unit, better, ratio: r, perRound });
    }
  }
  return out;
}

const HEADER = ["scenario", "tool", "median", "min", "max", "unit", "sockit/peer"];

/** Plain-text table, one block per comparison group. */
export function formatTable(series: Series[]): string {
  const rows: string[][] = [];
  for (const [group, members] of byGroup(series)) {
    const subject = members.find((s) => s.subject);
    for (const s of members) rows.push(tableRow(group, s, subject));
  }
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i >= 2 && i <= 4 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const body: string[] = [];
  let previous = "";
  for (const row of rows) {
    if (row[0] !== previous && previous) body.push("");
    body.push(line(row[0] === previous ? ["", ...row.slice(1)] : row));
    previous = row[0] ?? "";
  }
  return [line(HEADER), rule, ...body].join("\n");
}

function tableRow(group: string, s: Series, subject: Series | undefined): string[] {
  const unit = `${s.unit} ${s.better === "higher" ? "↑" : "↓"}`;
  if (s.skipped) return [group, s.tool, "-", "-", "-", unit, `skipped (${s.skipped})`];
  const stats = summarize(s.samples);
  if (!stats)
    return [group, s.tool, "-", "-", "-", unit, `failed: ${(s.errors[0] ?? "").slice(0, 60)}`];
  const r = subject && !s.subject ? ratio(subject, s) : undefined;
  const last = s.subject ? "(sockit side)" : r === undefined ? "-" : `${r.toFixed(2)}×`;
  const failed = s.errors.length ? ` [${s.errors.length} failed]` : "";
  const cells = [stats.median, stats.min, stats.max].map(formatNumber);
  return [group, s.tool, ...cells, unit, last + perRoundNote(subject, s, r) + failed];
}

/** The per-round ratio, when it tells a different story (the speed changed mid-run). */
function perRoundNote(subject: Series | undefined, peer: Series, r: number | undefined): string {
  if (!subject || r === undefined) return "";
  const perRound = roundRatio(subject, peer);
  if (perRound === undefined || Math.abs(perRound / r - 1) <= 0.05) return "";
  return ` (per round ${perRound.toFixed(2)}×)`;
}

function median(series: Series[], group: RegExp, tool: RegExp): number | undefined {
  const s = series.find((x) => group.test(x.group) && tool.test(x.tool));
  return s ? summarize(s.samples)?.median : undefined;
}

function atLeast(
  target: string,
  value: number | undefined,
  goal: number,
  note: string,
): TargetCheck {
  return { target, value, met: value === undefined ? undefined : value >= goal, note };
}

function atMost(
  target: string,
  value: number | undefined,
  goal: number,
  note: string,
): TargetCheck {
  return { target, value, met: value === undefined ? undefined : value <= goal, note };
}

function quotient(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

/** The goals from the brief, checked against medians. */
export function checkTargets(series: Series[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const dir of ["→", "←"]) {
    const group = new RegExp(`^bulk ${dir}`);
    const peers = ["nc.openbsd", "socat -b131072", "socat -u"]
      .map((tool) => median(series, group, new RegExp(`^${tool}`)))
      .filter((v): v is number => v !== undefined);
    const fastest = peers.length ? Math.max(...peers) : undefined;
    const r = quotient(median(series, group, /^sockit$/), fastest);
    checks.push(atLeast(`bulk ${dir} ≥ 1.2× fastest of nc/socat`, r, 1.2, "ratio"));
  }
  const lib = (tool: RegExp, group: RegExp) =>
    quotient(median(series, group, /^library$/), median(series, group, tool));
  checks.push(
    atLeast("library bulk ≥ 0.9× raw Bun", lib(/^raw Bun$/, /^library bulk/), 0.9, "ratio"),
  );
  checks.push(
    atLeast("ping-pong ≥ 0.9× raw Bun", lib(/^raw Bun$/, /^ping-pong library/), 0.9, "ratio"),
  );
  checks.push(
    atLeast("ping-pong ≥ 1.0× CPython", lib(/^CPython$/, /^ping-pong library/), 1.0, "ratio"),
  );
  const echo = quotient(
    median(series, /^ping-pong echo server/, /^sockit/),
    median(series, /^ping-pong echo server/, /^raw Bun echo$/),
  );
  checks.push(atLeast("listen -k --echo ≥ 0.9× raw Bun echo", echo, 0.9, "ratio"));
  const relay = quotient(
    median(series, /^relay TCP/, /^sockit relay$/),
    median(series, /^relay TCP/, /^socat fork/),
  );
  checks.push(atLeast("relay TCP → TCP ≥ 1.2× socat fork", relay, 1.2, "ratio"));
  const held = median(series, /held conns/, /^sockit/);
  checks.push(atMost("1,000 conns RSS ≤ 150 MB", mb(held), 150, "MB (10^6 B)"));
  const slow = median(series, /receiver peak RSS/, /^sockit/);
  checks.push(atMost("slow receiver RSS ≤ 100 MB", mb(slow), 100, "MB (10^6 B)"));
  const start = quotient(
    median(series, /^start-up/, /^sockit/),
    median(series, /^start-up/, /^Bun hello/),
  );
  checks.push(atMost("start-up ≤ 1.5× Bun hello", start, 1.5, "ratio"));
  return checks;
}

function mb(mib: number | undefined): number | undefined {
  return mib === undefined ? undefined : (mib * MiB) / 1e6;
}

export function formatTargets(checks: TargetCheck[]): string {
  return checks
    .map((c) => {
      const verdict = c.met === undefined ? "not measured" : c.met ? "met" : "MISSED";
      const value = c.value === undefined ? "-" : `${formatNumber(c.value)} ${c.note}`;
      return `  ${c.target.padEnd(40)} ${value.padEnd(22)} ${verdict}`;
    })
    .join("\n");
}
