#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli.js) and its pure-JS dependencies into dist/orbtd.mjs, the file the
// `orbtd` bin runs. One minified module instead of some six hundred keeps about 10 MB of module records,
// source text and loader state off an idle daemon's heap. Native addons and packages that load their own
// files at run time (pino's transport workers, pg's optional native binding) stay ordinary imports, and so
// does nodemailer, imported only when an e-mail receiver first sends. What the source imports dynamically
// for a feature the config may leave off (the NATS client of `fleet:` and `upstream: { nats }`) goes to a
// chunk of its own under dist/chunks/, which a start without the feature neither compiles nor runs. The
// decode threads' entry is bundled beside it as dist/decode-worker.js, where the bundled DecodePool looks
// for it.
import { rm } from "node:fs/promises";
import { build } from "esbuild";

const NOT_BUNDLED = ["better-sqlite3", "snappy", "pg", "pino", "pino-pretty", "nodemailer"];
const CHUNKS_DIR = "dist/chunks";

const common = {
  bundle: true,
  minify: true,
  sourcemap: "linked",
  platform: "node",
  format: "esm",
  target: "node20",
  external: NOT_BUNDLED,
  // CommonJS dependencies inside an ES module bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as orbtCreateRequire } from 'node:module'; const require = orbtCreateRequire(import.meta.url);",
  },
  logLevel: "warning",
};

// Chunk names carry a hash: the last build's must not be left behind.
await rm(CHUNKS_DIR, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { orbtd: "dist/cli.js" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
});
await build({
  ...common,
  entryPoints: ["dist/signals/ingest/decode-worker.js"],
  outfile: "dist/decode-worker.js",
});
