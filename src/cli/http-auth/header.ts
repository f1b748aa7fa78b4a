/**
 * Proxy-Authenticate and Proxy-Authorization values (RFC 9110 11.3-11.4): a comma-separated
 * list of `scheme [token68 | name=value, ...]`. One field may hold several challenges
 * (`Basic realm="x", Digest realm="x", nonce="n"`), and schemes such as NTLM carry nothing,
 * so a scheme is told from a parameter by the `=` that follows a parameter's name.
 */

export interface AuthScheme {
  /** As sent; compare it lowercased, schemes are case-insensitive. */
  scheme: string;
  /** Parameter names lowercased, quoted values unescaped. */
  params: Map<string, string>;
  token68?: string;
}

/** A value that does not follow the grammar; the message says where. */
export class AuthSyntaxError extends Error {
  override name = "AuthSyntaxError";
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
const TOKEN68 = /[A-Za-z0-9._~+/-]+=*(?=[ \t]*(?:,|$))/y;
const QUOTED = /"((?:[^"\\]|\\.)*)"/y;
const SPACE = /[ \t]*/y;
const SEPARATORS = /[ \t,]*/y;

/** Each field value's schemes, in order; throws AuthSyntaxError on anything malformed. */
export function parseAuthFields(values: readonly string[]): AuthScheme[] {
  const schemes: AuthScheme[] = [];
  for (const value of values) schemes.push(...parseOne(value));
  return schemes;
}

function parseOne(text: string): AuthScheme[] {
  const schemes: AuthScheme[] = [];
  let current: AuthScheme | undefined;
  let pos = 0;
  const take = (pattern: RegExp): RegExpExecArray | null => {
    pattern.lastIndex = pos;
    const match = pattern.exec(text);
    if (match) pos = pattern.lastIndex;
    return match;
  };
  // After a scheme followed by a space, what comes next must be its first parameter.
  let paramDue = false;
  for (;;) {
    take(SEPARATORS);
    if (pos >= text.length) return schemes;
    const name = take(TOKEN)?.[0];
    if (name === undefined) throw new AuthSyntaxError(`unexpected '${text[pos]}' at ${pos + 1}`);
    take(SPACE);
    if (text[pos] !== "=") {
      if (paramDue) throw new AuthSyntaxError(`expected name=value at '${name}'`);
      current = { scheme: name, params: new Map() };
      schemes.push(current);
      const token68 = take(TOKEN68)?.[0];
      if (token68 !== undefined) current.token68 = token68;
      paramDue = token68 === undefined && pos < text.length && text[pos] !== ",";
      continue;
    }
    if (!current) throw new AuthSyntaxError(`parameter ${name} before any scheme`);
    pos++;
    take(SPACE);
    const quoted = take(QUOTED);
    const value = quoted ? (quoted[1] as string).replace(/\\(.)/g, "$1") : take(TOKEN)?.[0];
    if (value === undefined) {
      const why = text[pos] === '"' ? "an unterminated quoted string" : "no value";
      throw new AuthSyntaxError(`parameter ${name} has ${why}`);
    }
    current.params.set(name.toLowerCase(), value);
    paramDue = false;
    take(SPACE);
    if (pos < text.length && text[pos] !== ",")
      throw new AuthSyntaxError(`expected ',' at ${pos + 1}, found '${text[pos]}'`);
  }
}
