/** The flags that turn `listen` into an HTTP proxy, spelled as ncat spells them. */
import type { FlagsDef } from "../_argv.ts";
import { UsageError } from "../_errors.ts";

export const proxyServerArgs = {
  "proxy-type": {
    type: "string",
    valueHint: "http",
    description: "be an HTTP proxy (CONNECT tunnels), as ncat -l --proxy-type http",
  },
  "proxy-auth": {
    type: "string",
    valueHint: "USER:PASS",
    description: "with --proxy-type http, clients must log in (Basic) with these",
  },
} as const satisfies FlagsDef;

export interface ProxyServerFlags {
  "proxy-type"?: string;
  "proxy-auth"?: string;
}

/** True for `--proxy-type http`; a usage error for any other type or a stray --proxy-auth. */
export function wantsProxyServer(flags: ProxyServerFlags): boolean {
  const type = flags["proxy-type"];
  if (type === undefined) {
    if (flags["proxy-auth"] !== undefined)
      throw new UsageError("listen --proxy-auth needs --proxy-type http");
    return false;
  }
  if (type.toLowerCase() !== "http")
    throw new UsageError(`listen --proxy-type '${type}': only http is served`);
  if (flags["proxy-auth"] !== undefined && !flags["proxy-auth"].includes(":"))
    throw new UsageError("--proxy-auth needs USER:PASS");
  return true;
}
