/**
 * Answering an HTTP proxy's 407: of the Proxy-Authenticate challenges, the first Digest one we
 * can compute wins, then Basic, as ncat chooses; Digest never puts the password on the wire.
 */
import { digestResponse, digestSupports } from "../http-auth/digest.ts";
import { type AuthScheme, AuthSyntaxError, parseAuthFields } from "../http-auth/header.ts";
import { type ProxyLogin, ProxyRefusal } from "./proxy-wire.ts";

/**
 * The Proxy-Authorization value for a CONNECT to `authority`, answering `challenges` (the
 * 407's Proxy-Authenticate values); `status` starts the message of a refusal.
 *
 * @example
 * authorization(['Basic realm="x"'], { user: "u", password: "p", text: "u:p" }, "h:443", "HTTP 407");
 */
export function authorization(
  challenges: readonly string[],
  login: ProxyLogin,
  authority: string,
  status: string,
): string {
  if (challenges.length === 0)
    throw new ProxyRefusal(`${status}, without a Proxy-Authenticate challenge`);
  let schemes: AuthScheme[];
  try {
    schemes = parseAuthFields(challenges);
  } catch (err) {
    if (!(err instanceof AuthSyntaxError)) throw err;
    throw new ProxyRefusal(`${status}, with a malformed Proxy-Authenticate: ${err.message}`);
  }
  const digest = schemes.find((s) => usableDigest(s) !== undefined);
  if (digest) return digestAuthorization(digest, login, authority);
  if (schemes.some((s) => s.scheme.toLowerCase() === "basic"))
    return `Basic ${Buffer.from(login.text).toString("base64")}`;
  const offered = schemes.map(describe).join(", ");
  throw new ProxyRefusal(`${status}, asking for ${offered} (sockit answers Basic and Digest)`);
}

/**
 * True when a 407's Proxy-Authenticate holds a Digest challenge with `stale=true`: the proxy
 * took the login and only the nonce had expired. `fields` maps lowercased names to values.
 */
export function staleDigest(fields: ReadonlyMap<string, readonly string[]>): boolean {
  try {
    const schemes = parseAuthFields(fields.get("proxy-authenticate") ?? []);
    return schemes.some(
      (s) => s.scheme.toLowerCase() === "digest" && s.params.get("stale")?.toLowerCase() === "true",
    );
  } catch (err) {
    // A malformed challenge is not a stale one; authorization() names what is wrong with it.
    if (err instanceof AuthSyntaxError) return false;
    throw err;
  }
}

/** The qop to answer with ("" for none) when `s` is a Digest challenge we can compute. */
function usableDigest(s: AuthScheme): "auth" | "auth-int" | "" | undefined {
  const p = s.params;
  if (s.scheme.toLowerCase() !== "digest" || !p.has("nonce") || !p.has("realm")) return undefined;
  if (!digestSupports(p.get("algorithm"))) return undefined;
  const qops = p
    .get("qop")
    ?.split(",")
    .map((q) => q.trim().toLowerCase());
  if (qops === undefined) return "";
  if (qops.includes("auth")) return "auth";
  return qops.includes("auth-int") ? "auth-int" : undefined;
}

function digestAuthorization(s: AuthScheme, login: ProxyLogin, authority: string): string {
  const p = s.params;
  const qop = usableDigest(s) || undefined;
  const input = {
    algorithm: p.get("algorithm"),
    user: login.user,
    password: login.password,
    realm: p.get("realm") as string,
    method: "CONNECT",
    uri: authority,
    nonce: p.get("nonce") as string,
    // One request per nonce, so the count is always 1.
    ...(qop && {
      qop,
      nc: "00000001",
      cnonce: Buffer.from(crypto.getRandomValues(new Uint8Array(8))).toString("hex"),
    }),
  };
  // ncat's order; algorithm and opaque go back only when the challenge had them.
  const fields = [
    `username=${quote(input.user)}`,
    `realm=${quote(input.realm)}`,
    `nonce=${quote(input.nonce)}`,
    `uri=${quote(authority)}`,
    ...(input.algorithm ? [`algorithm=${input.algorithm}`] : []),
    ...(qop ? [`qop=${qop}`, `cnonce=${quote(input.cnonce as string)}`, `nc=${input.nc}`] : []),
    `response=${quote(digestResponse(input))}`,
    ...(p.has("opaque") ? [`opaque=${quote(p.get("opaque") as string)}`] : []),
  ];
  return `Digest ${fields.join(", ")}`;
}

function quote(text: string): string {
  return `"${text.replace(/["\\]/g, "\\$&")}"`;
}

/** `NTLM`, or `Digest (algorithm=SHA-512-256)` for a Digest challenge we cannot compute. */
function describe(s: AuthScheme): string {
  if (s.scheme.toLowerCase() !== "digest") return s.scheme;
  const algorithm = s.params.get("algorithm");
  if (algorithm && !digestSupports(algorithm)) return `Digest (algorithm=${algorithm})`;
  const qop = s.params.get("qop");
  if (!s.params.has("nonce") || !s.params.has("realm")) return "Digest (without realm or nonce)";
  return qop === undefined ? "Digest" : `Digest (qop=${qop})`;
}
