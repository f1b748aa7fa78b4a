/**
 * bench/results.svg: the ratios sockit/peer as bars on a log scale (so 2× and 0.5× look
 * equally far from parity), one group per comparison, scenarios on alternate shaded bands,
 * a line at 1.0. Plain SVG text, no plotting library: the file must be reproducible by
 * this script alone.
 */
import type { Comparison } from "./report.ts";

const BAR = 26;
const GAP = 34;
const MIN_GROUP = 118;
const LEFT = 56;
const TOP = 110;
const PLOT_H = 260;
/** Room inside the plot above the highest tick, for value labels of the tallest bars. */
const HEADROOM = 16;
const LABELS_H = 170;
const GOOD = "#2e7d32";
const BAD = "#c62828";

interface Layout {
  x: number;
  width: number;
  group: string;
  items: Comparison[];
}

export function renderSvg(comparisons: Comparison[], subtitle: string): string {
  const layouts = layoutGroups(comparisons);
  const width = Math.max(640, (layouts.at(-1)?.x ?? LEFT) + (layouts.at(-1)?.width ?? 0) + GAP);
  const height = TOP + PLOT_H + LABELS_H;
  const scale = logScale(comparisons.map((c) => c.ratio));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    text(LEFT, 22, "sockit / peer (median ratio, log scale)", 'font-size="16" font-weight="bold"'),
    text(LEFT, 40, subtitle, 'fill="#555"'),
    text(
      LEFT,
      56,
      "green: sockit better (↑ higher is better: ratio > 1; ↓ lower is better: ratio < 1), red: worse",
      'fill="#555"',
    ),
    ...bands(layouts, height),
    ...axis(scale, width),
    ...layouts.flatMap((layout) => group(layout, scale)),
    "</svg>",
  ];
  return `${parts.join("\n")}\n`;
}

/** A shaded band and a caption per scenario, so its groups read as one. */
function bands(layouts: Layout[], height: number): string[] {
  const out: string[] = [];
  const scenarios = [...new Set(layouts.map((l) => l.items[0]?.scenario ?? ""))];
  scenarios.forEach((scenario, i) => {
    const members = layouts.filter((l) => l.items[0]?.scenario === scenario);
    const first = members[0] as Layout;
    const last = members.at(-1) as Layout;
    const x = first.x - GAP / 2 + 2;
    const w = last.x + last.width + GAP / 2 - 2 - x;
    if (i % 2 === 0)
      out.push(
        `<rect x="${x}" y="${TOP - 50}" width="${w}" height="${height - TOP + 50}" fill="#f4f6fa"/>`,
      );
    out.push(
      text(x + w / 2, height - 10, scenario, 'text-anchor="middle" font-weight="bold" fill="#333"'),
    );
  });
  return out;
}

function layoutGroups(comparisons: Comparison[]): Layout[] {
  const groups = new Map<string, Comparison[]>();
  for (const c of comparisons) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  const layouts: Layout[] = [];
  let x = LEFT + GAP / 2;
  for (const [name, items] of groups) {
    const width = Math.max(MIN_GROUP, items.length * BAR + 12);
    layouts.push({ x, width, group: name, items });
    x += width + GAP;
  }
  return layouts;
}

interface Scale {
  lo: number;
  hi: number;
  y(ratio: number): number;
}

/** Powers of two around the data, at least 1/4 … 4, at most 1/64 … 64 (bars are clamped). */
function logScale(ratios: number[]): Scale {
  const logs = ratios.filter((r) => r > 0).map(Math.log2);
  const lo = Math.max(-6, Math.min(-2, Math.floor(Math.min(0, ...logs))));
  const hi = Math.min(6, Math.max(2, Math.ceil(Math.max(0, ...logs))));
  const y = (ratio: number) => {
    const clamped = Math.min(hi, Math.max(lo, Math.log2(ratio)));
    return TOP + HEADROOM + ((hi - clamped) / (hi - lo)) * (PLOT_H - HEADROOM);
  };
  return { lo, hi, y };
}

function axis(scale: Scale, width: number): string[] {
  const out: string[] = [];
  for (let p = scale.lo; p <= scale.hi; p++) {
    const y = scale.y(2 ** p).toFixed(1);
    const label = p >= 0 ? String(2 ** p) : `1/${2 ** -p}`;
    const stroke =
      p === 0 ? 'stroke="#222" stroke-width="1.5" stroke-dasharray="6 3"' : 'stroke="#e3e3e3"';
    out.push(`<line x1="${LEFT}" x2="${width - 10}" y1="${y}" y2="${y}" ${stroke}/>`);
    out.push(text(LEFT - 6, Number(y) + 4, label, 'text-anchor="end" fill="#444"'));
  }
  return out;
}

function group(layout: Layout, scale: Scale): string[] {
  const first = layout.items[0];
  const direction = first?.better === "lower" ? "↓ lower is better" : "↑ higher is better";
  const center = layout.x + layout.width / 2;
  const heading = wrap(layout.group, 20).map((line, i) =>
    text(center, TOP - 40 + i * 12, line, 'text-anchor="middle" font-weight="bold"'),
  );
  const out = [
    ...heading,
    text(center, TOP - 4, direction, 'text-anchor="middle" fill="#666" font-size="10"'),
  ];
  const start = center - (layout.items.length * BAR) / 2;
  layout.items.forEach((item, i) => {
    out.push(...bar(item, start + i * BAR, scale));
  });
  return out;
}

function bar(item: Comparison, x: number, scale: Scale): string[] {
  const one = scale.y(1);
  const end = scale.y(item.ratio);
  const good = item.better === "higher" ? item.ratio >= 1 : item.ratio <= 1;
  const top = Math.min(one, end);
  const h = Math.max(1, Math.abs(end - one));
  const mid = x + BAR / 2;
  const valueY = item.ratio >= 1 ? top - 3 : top + h + 10;
  const labelY = TOP + PLOT_H + 8;
  return [
    `<rect x="${(x + 3).toFixed(1)}" y="${top.toFixed(1)}" width="${BAR - 6}" height="${h.toFixed(1)}" fill="${good ? GOOD : BAD}"><title>${escapeXml(`${item.group}: sockit / ${item.peer} = ${item.ratio.toFixed(3)}`)}</title></rect>`,
    // A bar clamped at the scale's end says so: "≥64" rather than a misleading bar height.
    text(mid, valueY, clampedLabel(item.ratio, scale), 'text-anchor="middle" font-size="9"'),
    text(
      mid,
      labelY,
      item.peer,
      `text-anchor="end" transform="rotate(-55 ${mid.toFixed(1)} ${labelY})" font-size="10"`,
    ),
  ];
}

function clampedLabel(ratio: number, scale: Scale): string {
  if (Math.log2(ratio) > scale.hi) return `>${2 ** scale.hi}`;
  if (Math.log2(ratio) < scale.lo) return `<1/${2 ** -scale.lo}`;
  return ratio.toFixed(2);
}

function wrap(words: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of words.split(" ")) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.slice(0, 3);
}

function text(x: number, y: number, content: string, attrs = ""): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(content)}</text>`;
}

function escapeXml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
