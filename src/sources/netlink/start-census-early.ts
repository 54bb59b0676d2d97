/**
 * Imported first by the CLI entry (scripts/bundle.mjs puts it, in a small chunk of its own, ahead of
 * cli/main.js): starts the plain census's netlink dump while the rest of the CLI loads. See
 * prefetch.ts.
 */
import { prefetchCensus } from './prefetch.js';

prefetchCensus();
