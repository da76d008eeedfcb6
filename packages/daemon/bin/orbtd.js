#!/usr/bin/env -S MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 node --v8-pool-size=1 --max-semi-space-size=8
// Committed shim: npm links bins at install time, before dist/ exists.
// One V8 worker thread instead of four: each worker's malloc arena keeps several MB of freed compiler and
// GC scratch memory resident, which is most of what an idle daemon would otherwise carry.
// Semi-spaces of 8 MiB instead of 16. --optimize-for-size slowed appending to the series store by 40%;
// semi-spaces of 1 MiB kept less resident at 100k scraped series but cost OTLP ingest about half again the
// CPU per sample. --compact-on-every-full-gc, set here before, paused the event loop 50 ms to 130 ms at each
// full collection under ingest, for some 16 MiB less resident at 100k scraped series on the mean.
// glibc's malloc, read once at start: at most two arenas, and buffers of 128 KiB and more always mapped
// on their own, so they go back to the system when freed. By default the threshold rises to the size of
// the largest buffer freed (a scraped body's line texts, 10 MB), after which such buffers come from the
// main heap, which keeps their pages: 40 to 60 MiB more resident at 100k scraped series.
// The daemon's children (remedies) get the system's defaults back.
delete process.env.MALLOC_ARENA_MAX;
delete process.env.MALLOC_MMAP_THRESHOLD_;
import("../dist/orbtd.mjs").catch((err) => {
  if (err?.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("dist/orbtd.mjs")) {
    console.error("orbtd is not built yet: run `npm run build` first");
    process.exit(1);
  }
  throw err;
});
