// The discover part's public face: walking roots and the stat-diff against the catalog.
export { walkRoot, type WalkBatch, type WalkEntry, type WalkError, type WalkOptions, type WalkSkips } from './walk.js';
export { compileExcludes, type Excludes } from './exclude.js';
export { diffEntry, type DiffOutcome, type Lookup } from './diff.js';
export { toFileStat } from './file-stat.js';
