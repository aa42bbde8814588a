/**
 * The PGlite worker thread's entry (see pglite-thread.ts). Plain CommonJS on disk rather than code passed to the
 * Worker: a worker started from a file runs the process's preloads (`--import`, as bench:api's SQL tracer is),
 * one started from a string does not. Under tsx (development, tests) the worker is TypeScript, which a worker
 * cannot load without tsx's loader; the build runs the compiled file.
 */
const { workerData } = require("node:worker_threads");
if (workerData.entry.endsWith(".ts")) require("tsx/cjs/api").register();
require(workerData.entry);
