/** Preloaded before every test file (bunfig.toml): closes the sockets and temp dirs tests track. */
import { afterEach } from "bun:test";
import { cleanupTracked } from "./_helpers.ts";

afterEach(cleanupTracked);
