/**
 * The same TLS script under python3 and under sockit, against one `openssl s_server`, shown
 * as a table of what each printed. Exit 1 if any row differs.
 *
 *   bun scripts/ssl-parity.ts            # markdown table on stdout
 *
 * The server pins one TLS 1.3 suite and one ALPN name, so the two clients' different
 * preferences (BoringSSL offers AES-128 first, OpenSSL AES-256) do not decide the outcome.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const here = import.meta.dir;

function makeCert(dir: string): { cert: string; key: string } {
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  const made = Bun.spawnSync(
    [
      "openssl",
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "7",
      "-subj",
      "/O=sockit/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ],
    { stderr: "pipe" },
  );
  if (made.exitCode !== 0) throw new Error(made.stderr.toString());
  return { cert, key };
}

/** One s_server for one client run (two connections: the session and the wrong-name try). */
async function withServer<T>(cert: string, key: string, run: (port: number) => Promise<T>) {
  const server = Bun.spawn(
    [
      "openssl",
      "s_server",
      "-accept",
      "127.0.0.1:0",
      "-cert",
      cert,
      "-key",
      key,
      "-naccept",
      "2",
      "-ciphersuites",
      "TLS_AES_256_GCM_SHA384",
      "-alpn",
      "sockit/1",
    ],
    { stdin: "pipe", stdout: "pipe", stderr: "ignore" },
  );
  try {
    const reader = server.stdout.getReader();
    let text = "";
    let match: RegExpMatchArray | null = null;
    while (!match) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`s_server ended:\n${text}`);
      text += new TextDecoder().decode(value);
      match = text.match(/ACCEPT 127\.0\.0\.1:(\d+)/);
    }
    reader.releaseLock();
    return await run(Number(match[1]));
  } finally {
    server.kill();
    await server.exited;
  }
}

async function runClient(argv: string[]): Promise<[string, unknown][]> {
  const child = Bun.spawn(argv, { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) throw new Error(`${argv[0]} failed (${code}):\n${err}`);
  return out
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

const dir = mkdtempSync(join(tmpdir(), "sockit-ssl-parity-"));
try {
  const { cert, key } = makeCert(dir);
  const python = await withServer(cert, key, (port) =>
    runClient(["python3", join(here, "ssl-parity/parity.py"), String(port), cert]),
  );
  const sockit = await withServer(cert, key, (port) =>
    runClient([process.execPath, join(here, "ssl-parity/parity.ts"), String(port), cert]),
  );
  const rows = python.map(([step, value], i) => {
    const ours = sockit[i]?.[0] === step ? sockit[i]?.[1] : "(missing)";
    return { step, python: JSON.stringify(value), sockit: JSON.stringify(ours) };
  });
  const cell = (text: string) => text.replaceAll("|", "\\|");
  console.log("| step | python3 | sockit | same |\n| --- | --- | --- | --- |");
  for (const row of rows) {
    const same = row.python === row.sockit ? "yes" : "**no**";
    console.log(`| ${row.step} | ${cell(row.python)} | ${cell(row.sockit)} | ${same} |`);
  }
  const differing = rows.filter((row) => row.python !== row.sockit).length;
  console.log(`\n${rows.length - differing}/${rows.length} rows the same`);
  process.exitCode = differing === 0 && rows.length === sockit.length ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
