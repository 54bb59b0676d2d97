import type { DiagnoseInput } from '../../core/diagnose/diagnose-input.js';
import type { Finding, Skipped } from '../../core/diagnose/finding.js';
import type { Snapshot } from '../../core/model/snapshot.js';

/**
 * What `tcpdoctor serve` read in one interval. Every request (/metrics, /api/*, /healthz) is
 * answered from the latest reading; no request ever reads the kernel.
 */
export interface ServeReading {
  /** 1 for the first reading, then +1 per interval. Caches key on it. */
  seq: number;
  /** When the reading started, ms since the epoch. */
  startedAt: number;
  /** Wall time the whole reading took (census, counters, sysctls, owners, diagnosis). */
  durationMs: number;
  /**
   * The census as `status --json` shows it (with `--netns all`: every namespace merged, plus
   * `namespaces`). Absent when the census failed: then `namespaces` is empty too.
   */
  status?: Snapshot;
  /** One per namespace read: one, or several with `--netns all`. */
  namespaces: NamespaceReading[];
  /** What failed, by stage; empty when everything was read. */
  errors: StageError[];
  /** When the last reading whose census succeeded started (this one, or an earlier one). */
  lastSuccessAt?: number;
}

export interface NamespaceReading {
  /** The `netns` label with `--netns all`; undefined when one namespace is watched. */
  label?: string;
  /**
   * The namespace's snapshot as `diagnose --json` sees it: census, socket records (owners attached
   * where a rule needs them), kernel counters, rates since the previous reading, sysctls.
   */
  snapshot: Snapshot;
  /** What the rules read (to run them again in another language on request). */
  input?: DiagnoseInput;
  /** The diagnosis of this reading, in the server's language; absent when it failed. */
  diagnosis?: { lang: 'en' | 'zh'; findings: Finding[]; skipped: Skipped[] };
}

/** The parts of a reading that can fail on their own (`tcpdoctor_snapshot_errors_total{stage}`). */
export const STAGES = ['census', 'counters', 'sysctls', 'sysctl_files', 'owners', 'diagnose'] as const;
export type Stage = (typeof STAGES)[number];

export interface StageError {
  stage: Stage;
  /** The namespace label, with `--netns all`. */
  netns?: string;
  message: string;
  /** The SourceError code where there was one (EACCES, ESRCH, ENOENT, ELIVE). */
  code?: string;
}
