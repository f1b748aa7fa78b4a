/**
 * --echo as an endpoint: what is written to it is read back out, one chunk at a time, so the
 * pump sends each client its own bytes with the same backpressure and half-close as any pair.
 */
import type { Endpoint } from "./endpoint.ts";

/** A loop-back endpoint: write() resolves once read() has taken the chunk. */
export function echoEndpoint(): Endpoint {
  const chunks: { data: Uint8Array | null; taken: () => void }[] = [];
  let reader: ((data: Uint8Array | null) => void) | null = null;
  const offer = (data: Uint8Array | null) =>
    new Promise<void>((taken) => {
      if (reader) {
        const wake = reader;
        reader = null;
        wake(data);
        taken();
      } else {
        chunks.push({ data, taken });
      }
    });
  let ended = false;
  return {
    label: "echo",
    echoes: true,
    read() {
      const next = chunks.shift();
      if (next) {
        next.taken();
        return Promise.resolve(next.data);
      }
      if (ended) return Promise.resolve(null);
      return new Promise((resolve) => {
        reader = resolve;
      });
    },
    write: (data) => offer(data),
    shutdownWrite() {
      if (ended) return;
      ended = true;
      void offer(null);
    },
    close() {
      ended = true;
      reader?.(null);
      reader = null;
    },
  };
}
