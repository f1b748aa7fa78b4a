/**
 * The one tagged logger. On a terminal it is consola's fancy reporter (colours, icons) unless
 * NO_COLOR is set; elsewhere it prints plain `sockit: message` lines, which scripts and tests
 * read. Everything goes to stderr: stdout carries only data. consola (with node:tty and
 * node:readline behind it) is loaded only for a terminal, to keep start-up short.
 */
import { isTerminal, writeErr } from "../_terminal.ts";

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const plain: Logger = {
  info: (message) => writeErr(`sockit: ${message}`),
  warn: (message) => writeErr(`sockit: ${message}`),
  error: (message) => writeErr(`sockit: ${message}`),
};

export async function createLogger(): Promise<Logger> {
  if (!isTerminal(2) || process.env.NO_COLOR) return plain;
  const { createConsola, LogLevels } = await import("consola");
  // Our flags decide what is shown, so the level is fixed: consola's default drops to "warn"
  // under NODE_ENV=test, which `bun build` would bake into a binary built from a test run.
  return createConsola({
    level: LogLevels.info,
    stdout: process.stderr,
    stderr: process.stderr,
  }).withTag("sockit");
}
