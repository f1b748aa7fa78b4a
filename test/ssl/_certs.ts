/**
 * Certificates made with Debian's openssl for the TLS tests, once per test process: a trusted
 * CA with a `localhost` leaf it signed, a self-signed `localhost`, one that expired in 2020,
 * and a client certificate from the CA. Files live in one temp directory removed at exit.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Certs {
  dir: string;
  /** The CA that signed `leaf` and `client`. */
  ca: string;
  leaf: { cert: string; key: string };
  client: { cert: string; key: string };
  selfSigned: { cert: string; key: string };
  expired: { cert: string; key: string };
}

function openssl(args: string[], cwd: string): void {
  const run = Bun.spawnSync(["openssl", ...args], { cwd, stderr: "pipe", stdout: "pipe" });
  if (run.exitCode !== 0) throw new Error(`openssl ${args[0]} failed: ${run.stderr.toString()}`);
}

const SAN = "subjectAltName=DNS:localhost,IP:127.0.0.1";

function makeCerts(): Certs {
  const dir = mkdtempSync(join(tmpdir(), "sockit-tls-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  const at = (name: string) => join(dir, name);
  const key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl(
    [
      "req",
      "-x509",
      ...key,
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
      "-days",
      "30",
      "-subj",
      "/O=sockit tests/CN=sockit test CA",
    ],
    dir,
  );
  const signed = (name: string, subject: string, extra: string[]) => {
    openssl(
      ["req", "-new", ...key, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject],
      dir,
    );
    openssl(
      [
        "x509",
        "-req",
        "-in",
        `${name}.csr`,
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "30",
        "-out",
        `${name}.pem`,
        ...extra,
      ],
      dir,
    );
  };
  writeFileSync(at("san.ext"), `${SAN}\n`);
  signed("leaf", "/C=DE/O=sockit tests/CN=localhost", ["-extfile", "san.ext"]);
  signed("client", "/O=sockit tests/CN=sockit client", []);
  openssl(
    [
      "req",
      "-x509",
      ...key,
      "-keyout",
      "self.key",
      "-out",
      "self.pem",
      "-days",
      "30",
      "-subj",
      "/CN=localhost",
      "-addext",
      SAN,
    ],
    dir,
  );
  // openssl 3.0's req cannot back-date; its ca command can, given a minimal database.
  writeFileSync(at("index.txt"), "");
  writeFileSync(at("serial"), "01\n");
  writeFileSync(
    at("ca.cnf"),
    `[ca]\ndefault_ca=d\n[d]\ndatabase=${at("index.txt")}\nnew_certs_dir=${dir}\nserial=${at("serial")}\ndefault_md=sha256\npolicy=p\ncopy_extensions=copy\n[p]\ncommonName=supplied\n`,
  );
  openssl(
    [
      "req",
      "-new",
      ...key,
      "-keyout",
      "expired.key",
      "-out",
      "expired.csr",
      "-subj",
      "/CN=localhost",
      "-addext",
      SAN,
    ],
    dir,
  );
  openssl(
    [
      "ca",
      "-batch",
      "-config",
      "ca.cnf",
      "-selfsign",
      "-keyfile",
      "expired.key",
      "-in",
      "expired.csr",
      "-out",
      "expired.pem",
      "-startdate",
      "20200101000000Z",
      "-enddate",
      "20200201000000Z",
      "-notext",
    ],
    dir,
  );
  const pair = (name: string) => ({ cert: at(`${name}.pem`), key: at(`${name}.key`) });
  return {
    dir,
    ca: at("ca.pem"),
    leaf: pair("leaf"),
    client: pair("client"),
    selfSigned: pair("self"),
    expired: pair("expired"),
  };
}

let made: Certs | null = null;

/** The test certificates, made on first use. */
export function certs(): Certs {
  made ??= makeCerts();
  return made;
}
