/**
 * Data for bulk tests: 1 MiB chunks of xorshift noise, each stamped with its stream and index,
 * so a lost, repeated or reordered chunk changes the sha256. Generated as needed, never held.
 */
import { createHash, type Hash } from "node:crypto";

export const MiB = 1024 * 1024;
export const CHUNK = MiB;

/** One MiB of xorshift noise; every chunk is this block stamped with its own index. */
const BLOCK = (() => {
  const block = Buffer.allocUnsafe(CHUNK);
  let x = 0x9e3779b9;
  for (let i = 0; i < CHUNK; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    block.writeUInt32LE(x >>> 0, i);
  }
  return block;
})();

/** Chunk `index` of the stream `seed`. */
export function chunk(seed: number, index: number): Buffer {
  const out = Buffer.from(BLOCK);
  out.writeUInt32LE(seed, 0);
  out.writeUInt32LE(index, 4);
  out.writeUInt32LE((index ^ 0xa5a5a5a5) >>> 0, CHUNK - 4);
  return out;
}

export const EMPTY_SHA256 = createHash("sha256").digest("hex");

/** A sink that hashes and counts what it is given. */
export function digester() {
  const hash: Hash = createHash("sha256");
  let size = 0;
  return {
    update: (data: Uint8Array) => {
      hash.update(data);
      size += data.length;
    },
    result: () => ({ size, sha256: hash.digest("hex") }),
  };
}
