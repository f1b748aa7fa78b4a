/**
 * Entry point of the compiled binary and of `bun src/bin.ts`. `--version` is answered before
 * anything else is loaded, so it costs no more than Bun's own start-up; the CLI loads lazily.
 */
import pkg from "../package.json" with { type: "json" };

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  console.log(pkg.version);
} else {
  const { run } = await import("./cli/_run.ts");
  process.exit(await run(argv));
}
