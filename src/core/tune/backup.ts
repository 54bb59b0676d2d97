/**
 * The backup `tune --apply` writes before it changes anything, and `tune --rollback` restores:
 * one JSON document per apply, keyed by the network namespace's inode (docs/tune.md "Backups").
 */
export const BACKUP_KIND = 'tcpdoctor-sysctl-backup';
export const BACKUP_SCHEMA = 1;

export interface SysctlBackup {
  schema: number;
  kind: typeof BACKUP_KIND;
  /** ISO 8601, when the backup was taken (just before the first write). */
  time: string;
  host: string;
  kernel: string;
  /** /proc/sys/kernel/random/boot_id: a backup from before a reboot describes another boot. */
  bootId: string | null;
  netns: { inode: number; label: string; initial: boolean | null };
  /** Full name → value before the change, in the order the changes were made. */
  previous: Record<string, string>;
  /** Full name → value tcpdoctor wrote. */
  applied: Record<string, string>;
}

/** Parse and validate a backup file's text; a reason when it is not one. */
export function parseBackup(text: string): { backup: SysctlBackup } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: 'not JSON' };
  }
  if (!isObject(raw) || raw.kind !== BACKUP_KIND) return { error: `not a ${BACKUP_KIND} document` };
  if (raw.schema !== BACKUP_SCHEMA)
    return { error: `schema ${String(raw.schema)}, this tcpdoctor reads ${BACKUP_SCHEMA}` };
  const ns = raw.netns;
  if (!isObject(ns) || typeof ns.inode !== 'number') return { error: 'no namespace inode' };
  if (!isStringMap(raw.previous) || !isStringMap(raw.applied)) return { error: 'no values' };
  if (typeof raw.time !== 'string') return { error: 'no time' };
  return {
    backup: {
      schema: BACKUP_SCHEMA,
      kind: BACKUP_KIND,
      time: raw.time,
      host: typeof raw.host === 'string' ? raw.host : '',
      kernel: typeof raw.kernel === 'string' ? raw.kernel : '',
      bootId: typeof raw.bootId === 'string' ? raw.bootId : null,
      netns: {
        inode: ns.inode,
        label: typeof ns.label === 'string' ? ns.label : '',
        initial: typeof ns.initial === 'boolean' ? ns.initial : null,
      },
      previous: raw.previous,
      applied: raw.applied,
    },
  };
}

// --- internal ---

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isStringMap(v: unknown): v is Record<string, string> {
  return isObject(v) && Object.values(v).every((x) => typeof x === 'string');
}
