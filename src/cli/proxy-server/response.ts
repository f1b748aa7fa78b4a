/** The proxy's own answers: a Status-Line, optional header lines, an empty body. */

const REASONS: Record<number, string> = {
  200: "OK",
  400: "Bad Request",
  403: "Forbidden",
  405: "Method Not Allowed",
  407: "Proxy Authentication Required",
  413: "Request Entity Too Large",
  414: "Request-URI Too Long",
  502: "Bad Gateway",
  504: "Gateway Timeout",
};

/** `HTTP/1.0 CODE REASON` and `headers`, ending the head; error answers close the connection. */
export function statusResponse(code: number, headers: string[] = []): Uint8Array {
  const lines = [`HTTP/1.0 ${code} ${REASONS[code] ?? "Error"}`, ...headers, "", ""];
  return new TextEncoder().encode(lines.join("\r\n"));
}
