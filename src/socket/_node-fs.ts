/**
 * node:fs, loaded on first use. It is ~180 KB of heap (`bun:jsc` heapStats), and every garbage
 * collection of a program that imports sockit walks that heap; a socket program seldom needs a
 * file (/etc/services, a Unix socket's path, sendfile) before its first collection.
 */
import type * as Fs from "node:fs";

let fs: typeof Fs | undefined;

export function nodeFs(): typeof Fs {
  fs ??= require("node:fs") as typeof Fs;
  return fs;
}
