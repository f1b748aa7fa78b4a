/**
 * SIGINT and SIGTERM handlers that respect how sockit was started: a signal the parent set to
 * be ignored (`trap '' INT`, or a shell starting a background job `&`) stays ignored, as nc
 * leaves it, since installing a handler would make Ctrl-C in that terminal kill the job.
 */
import { readFileSync } from "node:fs";

const NUMBERS = { SIGINT: 2, SIGTERM: 15 } as const;
export type StopSignal = keyof typeof NUMBERS;

let ignoredAtStart: bigint | undefined;

/** The SigIgn mask from /proc (Linux); elsewhere nothing counts as ignored. */
function ignoredMask(): bigint {
  if (ignoredAtStart !== undefined) return ignoredAtStart;
  ignoredAtStart = 0n;
  try {
    const hex = /^SigIgn:\s*([0-9a-f]+)$/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (hex) ignoredAtStart = BigInt(`0x${hex}`);
  } catch {
    // No /proc: treat every signal as handled by default.
  }
  return ignoredAtStart;
}

/** True when `signal` was ignored when the process started. */
export function wasIgnored(signal: StopSignal): boolean {
  return (ignoredMask() & (1n << BigInt(NUMBERS[signal] - 1))) !== 0n;
}

/** Runs `handler` once on SIGINT or SIGTERM, except for a signal that was ignored at start. */
export function onStopSignal(handler: (signal: StopSignal) => void): void {
  for (const signal of Object.keys(NUMBERS) as StopSignal[]) {
    if (!wasIgnored(signal)) process.once(signal, () => handler(signal));
  }
}
