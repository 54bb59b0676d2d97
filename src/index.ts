/** Library entry: the pure core only. */

export * from './core/counters/kernel-counters.js';
export * from './core/diagnose/diagnose-input.js';
export * from './core/diagnose/finding.js';
export { type Diagnosis, RULES, ruleContext, runRules } from './core/diagnose/run-rules.js';
export * from './core/diagnose/status-hints.js';
export * from './core/explain/index.js';
export * from './core/model/census.js';
export * from './core/model/endpoint.js';
export type * from './core/model/snapshot.js';
export type * from './core/model/socket.js';
export * from './core/model/tcp-state.js';
export * from './core/parse/parse-issue.js';
export * from './core/parse/proc-net-tcp.js';
export * from './core/tally/diff.js';
export * from './core/tally/group-by.js';
