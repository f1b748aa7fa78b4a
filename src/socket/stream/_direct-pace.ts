/**
 * When a stream's recv may read the descriptor itself (`_direct-read.ts`) instead of waiting
 * for Bun's next chunk: only while the peer streams, and only for a bounded time per turn of
 * the event loop.
 */

/**
 * Reading the descriptor directly pays off only while the peer streams: a chunk from Bun this
 * large says it does. Below it (ping-pong) the extra SIOCINQ would only find the kernel's
 * buffer empty. A bulk receiver's chunks from Bun average about 55 KiB, so at 64 KiB over a
 * third of its bytes still went through Bun's copy; at 16 KiB, 2 GiB library → library ran
 * faster in 6 of 6 alternating rounds (median +1.2%, AMD EPYC).
 */
const STREAMING_CHUNK = 16 * 1024;
/**
 * Direct reads complete without returning to the event loop; after this long since Bun last
 * called in, recv waits for Bun once more, so timers and other sockets get their turn. Each
 * such turn costs a chunk read through Bun (its copy, a wait, a pinned 512 KiB buffer): at
 * 4 ms a 1 GiB receive from raw Bun ran at 0.83× raw, at 16 ms 0.89× (2-core Xeon). 16 ms is
 * one 60 Hz frame, the most a timer waits behind a streaming recv loop.
 */
const TURN_MS = 16;

export class DirectPace {
  #streaming = false;
  /** When Bun last handed over a chunk: direct reads stop TURN_MS after it. */
  #turnStart = 0;

  /** Bun handed over a chunk of `length` bytes: a new turn, streaming or not. */
  chunk(length: number): void {
    this.#streaming = length >= STREAMING_CHUNK;
    // The clock matters only while streaming (`open`); a ping-pong's chunks need not read it.
    if (this.#streaming) this.#turnStart = performance.now();
  }

  /** The kernel's buffer was empty: wait for Bun's next chunk before reading directly again. */
  drained(): void {
    this.#streaming = false;
  }

  /** The peer streams and this turn still has time. */
  get open(): boolean {
    return this.#streaming && performance.now() - this.#turnStart < TURN_MS;
  }
}
