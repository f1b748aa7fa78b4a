/**
 * The Digest computation of RFC 7616 (and RFC 2617 / 2069 before it), shared by the proxy
 * client (`connect --proxy`, answering a 407) and the proxy server (`listen --proxy-type http
 * --proxy-auth`, checking a login), so that both sides hash the same bytes the same way.
 */

/**
 * RFC 7616's algorithms by their names in a challenge (case-insensitive), and Bun's hash. Bun's
 * own hasher rather than node:crypto, whose loading cost every `connect` about 7 ms of start-up.
 */
const HASHES: Record<string, "md5" | "sha256"> = { md5: "md5", "sha-256": "sha256" };

export interface DigestInput {
  /** `MD5` when the challenge names none; a `-sess` suffix mixes the nonces into HA1. */
  algorithm?: string;
  user: string;
  password: string;
  realm: string;
  /** The request's method and its request-target (`host:port` for CONNECT). */
  method: string;
  uri: string;
  nonce: string;
  /** Absent for the RFC 2069 form; `auth-int` hashes the (empty, for CONNECT) body too. */
  qop?: "auth" | "auth-int";
  nc?: string;
  cnonce?: string;
}

/** True when `digestResponse` can compute `algorithm` (undefined meaning MD5). */
export function digestSupports(algorithm: string | undefined): boolean {
  return hashOf(algorithm) !== undefined;
}

function hashOf(algorithm = "MD5"): { hash: "md5" | "sha256"; sess: boolean } | undefined {
  const name = algorithm.toLowerCase();
  const sess = name.endsWith("-sess");
  const hash = HASHES[sess ? name.slice(0, -5) : name];
  return hash === undefined ? undefined : { hash, sess };
}

/**
 * The `response` value: KD(H(A1), nonce:nc:cnonce:qop:H(A2)), or KD(H(A1), nonce:H(A2))
 * without qop; text is hashed as UTF-8, the bytes a client puts on the wire.
 *
 * @example
 * digestResponse({ user: "u", password: "p", realm: "r", method: "CONNECT", uri: "h:1", nonce: "n" });
 */
export function digestResponse(input: DigestInput): string {
  const algorithm = hashOf(input.algorithm);
  if (!algorithm) throw new RangeError(`unsupported Digest algorithm ${input.algorithm}`);
  const h = (text: string) =>
    new Bun.CryptoHasher(algorithm.hash).update(text, "utf8").digest("hex");
  const { nonce, cnonce = "", nc = "", qop } = input;
  let ha1 = h(`${input.user}:${input.realm}:${input.password}`);
  if (algorithm.sess) ha1 = h(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = h(
    qop === "auth-int" ? `${input.method}:${input.uri}:${h("")}` : `${input.method}:${input.uri}`,
  );
  return qop === undefined
    ? h(`${ha1}:${nonce}:${ha2}`)
    : h(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
}
