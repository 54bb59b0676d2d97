/**
 * Where `tune --apply` keeps the values it replaced: one JSON file per apply under
 * `<dir>/<namespace inode>/`, written atomically, readable by root only. `tune --rollback` takes
 * the newest one of its namespace and, once restored, renames it `*.restored.json` so the next
 * rollback reaches the one before.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseBackup, type SysctlBackup } from '../../core/tune/backup.js';
import { SourceError } from '../source-error.js';
import { writeAtomic } from './write-atomic.js';

export const DEFAULT_BACKUP_DIR = '/var/lib/tcpdoctor/backups';
export const BACKUP_DIR_ENV = 'TCPDOCTOR_BACKUP_DIR';

/** `--backup-dir`, else $TCPDOCTOR_BACKUP_DIR, else /var/lib/tcpdoctor/backups. */
export function backupDir(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return flag ?? (env[BACKUP_DIR_ENV] || DEFAULT_BACKUP_DIR);
}

/** Save a backup before anything is changed; returns its path. */
export function saveBackup(dir: string, backup: SysctlBackup): string {
  const nsDir = join(dir, String(backup.netns.inode));
  try {
    mkdirSync(nsDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw storeError(err, nsDir, 'creating the backup directory');
  }
  // 20261125T213628.595Z: names sort by time, to the millisecond
  const stamp = backup.time.replace(/[-:]/g, '');
  const path = join(nsDir, `${stamp}-${process.pid}.json`);
  writeAtomic(path, `${JSON.stringify(backup, null, 2)}\n`, 0o600);
  return path;
}

/** The newest backup of a namespace that has not been restored yet. */
export function latestBackup(dir: string, inode: number): { path: string; backup: SysctlBackup } | undefined {
  const list = listBackups(dir, inode);
  const newest = list[list.length - 1];
  if (!newest) return undefined;
  const parsed = parseBackup(readFileSync(newest, 'utf8'));
  if ('error' in parsed)
    throw new SourceError('EINPUT', `${newest}: not a tcpdoctor backup (${parsed.error})`);
  return { path: newest, backup: parsed.backup };
}

/** One backup file, or undefined when it is not a readable tcpdoctor backup. */
export function readBackup(path: string): SysctlBackup | undefined {
  try {
    const parsed = parseBackup(readFileSync(path, 'utf8'));
    return 'error' in parsed ? undefined : parsed.backup;
  } catch {
    return undefined;
  }
}

/** Every backup of a namespace not restored yet, oldest first (the names sort by time). */
export function listBackups(dir: string, inode: number): string[] {
  const nsDir = join(dir, String(inode));
  let names: string[];
  try {
    names = readdirSync(nsDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw storeError(err, nsDir, 'reading backups');
  }
  return names
    .filter((n) => n.endsWith('.json') && !n.endsWith('.restored.json') && !n.startsWith('.'))
    .sort()
    .map((n) => join(nsDir, n));
}

/** Namespaces that have backups in `dir` (inodes), to say where a missing one might be. */
export function backupNamespaces(dir: string): number[] {
  try {
    return readdirSync(dir)
      .filter((n) => /^\d+$/.test(n) && listBackups(dir, Number(n)).length > 0)
      .map(Number);
  } catch {
    return [];
  }
}

/** After a successful rollback: keep the file for the record, out of the next rollback's way. */
export function markRestored(path: string): string {
  const to = path.replace(/\.json$/, '.restored.json');
  try {
    renameSync(path, to);
  } catch (err) {
    throw storeError(err, path, 'marking the backup restored');
  }
  return to;
}

/** After an apply that changed nothing in the end: the backup describes no change. */
export function discardBackup(path: string): void {
  rmSync(path, { force: true });
}

// --- internal ---

function storeError(err: unknown, path: string, what: string): SourceError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new SourceError('EACCES', `permission denied ${what} ${path}; run as root`);
  }
  return new SourceError('ELIVE', `${what} ${path} failed: ${code ?? String(err)}`);
}
