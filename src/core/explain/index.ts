export * from './explain-entry.js';
export * from './explain-json.js';
export * from './facts.js';
export * from './glossary.js';
export * from './lang.js';
export * from './lookup.js';
