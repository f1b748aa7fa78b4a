/**
 * Measurements, their summaries, and the A B A B rounds that produce them. On a shared,
 * noisy machine only figures taken side by side mean anything, so every contender of a
 * group runs once per round, in turn, and groups are compared by medians.
 */

export type Better = "higher" | "lower";

/** One tool's samples in one comparison group. */
export interface Series {
  scenario: string;
  group: string;
  tool: string;
  unit: string;
  better: Better;
  /** The sockit side of the group: the others are its peers. */
  subject: boolean;
  samples: number[];
  /** Per-run extras (loss, the other side's RSS, ...), in sample order. */
  details: Record<string, unknown>[];
  errors: string[];
  skipped?: string;
}

export interface Summary {
  median: number;
  min: number;
  max: number;
}

/** A run's value plus anything worth keeping in results.json. */
export type Sample = number | { value: number; detail: Record<string, unknown> };

export interface Contender {
  tool: string;
  subject?: boolean;
  /** Why it cannot run here (a missing peer); it is then reported as skipped. */
  missing?: string;
  run: () => Promise<Sample>;
}

export interface GroupSpec {
  scenario: string;
  group: string;
  unit: string;
  better: Better;
  rounds: number;
  contenders: Contender[];
}

export function summarize(samples: number[]): Summary | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted.at(-1) as number };
}

/** sockit's median over the peer's; undefined when either side has no sample. */
export function ratio(subject: Series, peer: Series): number | undefined {
  const a = summarize(subject.samples);
  const b = summarize(peer.samples);
  if (!a || !b || b.median === 0) return undefined;
  return a.median / b.median;
}

/**
 * The median of the per-round ratios subject / peer. When the machine's speed changes during
 * a run (shared VMs do, by up to 1.6×), a round's contenders still ran seconds apart, so this
 * is steadier than the ratio of medians. Undefined unless both have a sample from every round.
 */
export function roundRatio(subject: Series, peer: Series): number | undefined {
  if (subject.errors.length > 0 || peer.errors.length > 0) return undefined;
  const n = subject.samples.length;
  if (n === 0 || peer.samples.length !== n) return undefined;
  const perRound = subject.samples.map((value, i) => value / (peer.samples[i] as number));
  return summarize(perRound.filter(Number.isFinite))?.median;
}

/**
 * Runs every available contender once per round, in turn. A failed run is recorded and
 * the round goes on: one broken peer must not cost the whole benchmark.
 */
export async function alternate(spec: GroupSpec): Promise<Series[]> {
  const series = spec.contenders.map((c) => newSeries(spec, c));
  for (let round = 1; round <= spec.rounds; round++) {
    for (const [i, contender] of spec.contenders.entries()) {
      const target = series[i] as Series;
      if (target.skipped) continue;
      await runOnce(spec, contender, target, round);
    }
  }
  return series;
}

function newSeries(spec: GroupSpec, contender: Contender): Series {
  return {
    scenario: spec.scenario,
    group: spec.group,
    tool: contender.tool,
    unit: spec.unit,
    better: spec.better,
    subject: contender.subject ?? false,
    samples: [],
    details: [],
    errors: [],
    skipped: contender.missing,
  };
}

async function runOnce(spec: GroupSpec, contender: Contender, target: Series, round: number) {
  const label = `[${spec.group}] ${round}/${spec.rounds} ${contender.tool}`;
  try {
    const sample = await contender.run();
    const value = typeof sample === "number" ? sample : sample.value;
    target.samples.push(value);
    target.details.push(typeof sample === "number" ? {} : sample.detail);
    console.error(`${label}: ${formatNumber(value)} ${spec.unit}`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    target.errors.push(message);
    console.error(`${label}: FAILED ${message}`);
  }
}

/** Three significant figures or so: enough for noisy measurements, easy to scan. */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 0.1) return value.toFixed(2);
  return value.toPrecision(2);
}

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/**
 * A second series from the same runs: one detail field of each sample (the sender's RSS
 * next to the receiver's, the loss next to the rate), so it needs no runs of its own.
 */
export function fromDetails(
  source: Series,
  group: string,
  key: string,
  unit: string,
  better: Better,
  scale = 1,
): Series {
  return {
    ...source,
    group,
    unit,
    better,
    samples: source.details.map((detail) => Number(detail[key]) * scale),
    details: source.details.map(() => ({})),
  };
}
