/** A Unix listener's socket file, kept through Bun's stop() as Linux's close() keeps it. */
import { nodeFs } from "../_node-modules.ts";

/**
 * Bun's stop() unlinks a Unix listener's file, but Linux's close() leaves it: a later bind then
 * gets EADDRINUSE and a connect ECONNREFUSED, which Python scripts expect and clean up after.
 * A hard link taken before stop() is renamed back over the path once Bun has unlinked it.
 *
 * @example
 * const restore = keepSocketFile("/tmp/app.sock");
 * listener.stop();
 * restore?.();
 */
export function keepSocketFile(path: string): (() => void) | null {
  const spare = `${path}.${process.pid}.sockit-keep`;
  try {
    nodeFs().linkSync(path, spare);
  } catch {
    return null;
  }
  return () => {
    try {
      nodeFs().renameSync(spare, path);
    } catch {
      nodeFs().rmSync(spare, { force: true });
    }
  };
}
