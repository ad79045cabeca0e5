// worker_threads do not inherit tsx's --import hook: register the CommonJS TypeScript loader here,
// then run the TypeScript worker.
require('tsx/cjs');
require('./fused-worker.ts');
