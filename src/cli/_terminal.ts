/**
 * stdio without Node's stream objects. Touching `process.stdout`, `process.stderr` or
 * `process.stdin` builds Node-style streams and loads node:tty, which costs Bun about 13 ms at
 * start-up (more than the rest of `sockit --version`); console and fstat cost next to nothing.
 */
import { fstatSync, statSync } from "node:fs";

/** Writes text to stderr as is (console.error would add a newline). */
export function writeErr(text: string): void {
  console.error(text.endsWith("\n") ? text.slice(0, -1) : text);
}

/** Writes text to stdout as is. */
export function writeOut(text: string): void {
  console.log(text.endsWith("\n") ? text.slice(0, -1) : text);
}

let devNull: number | undefined;

/** isatty() by fstat: a character device that is not /dev/null. */
export function isTerminal(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice()) return false;
    devNull ??= statSync("/dev/null").rdev;
    return stat.rdev !== devNull;
  } catch {
    return false;
  }
}
