/** Library entry: the pure core only. */

export * from './core/diagnose/status-hints.js';
export * from './core/model/census.js';
export * from './core/model/endpoint.js';
export type * from './core/model/snapshot.js';
export type * from './core/model/socket.js';
export * from './core/model/tcp-state.js';
export * from './core/parse/parse-issue.js';
export * from './core/parse/proc-net-tcp.js';
