import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseSysctlFile, type SysctlAssignment, type SysctlFileIssue } from '../../core/tune/sysctl-file.js';
import { SourceError } from '../source-error.js';

/**
 * The directories systemd-sysctl reads, in priority order (sysctl.d(5)): a file name in an
 * earlier directory masks the same name in later ones; files are applied in name order, then
 * /etc/sysctl.conf last.
 */
export const SYSCTL_DIRS = [
  '/etc/sysctl.d',
  '/run/sysctl.d',
  '/usr/local/lib/sysctl.d',
  '/usr/lib/sysctl.d',
  '/lib/sysctl.d',
] as const;

/** The files systemd-sysctl would read, in the order it applies them. */
export function listSysctlFiles(root = '/'): string[] {
  const byName = new Map<string, string>();
  for (const dir of SYSCTL_DIRS) {
    const full = join(root, dir);
    let names: string[];
    try {
      names = readdirSync(full);
    } catch {
      continue;
    }
    for (const name of names) {
      // the first directory holding a name masks it in later ones, even when it is /dev/null
      if (!name.endsWith('.conf') || byName.has(name)) continue;
      byName.set(name, join(full, name));
    }
  }
  const files = [...byName.keys()]
    .sort()
    .map((n) => byName.get(n) as string)
    .filter(isFile);
  const conf = join(root, '/etc/sysctl.conf');
  // Debian links /etc/sysctl.d/99-sysctl.conf to ../sysctl.conf: read that file once
  const seen = new Set(files.map(realPath));
  if (isFile(conf) && !seen.has(realPath(conf))) files.push(conf);
  return files;
}

/**
 * Expand FILE or DIR arguments (a directory gives its *.conf files in name order) and parse them.
 * Unreadable arguments are a SourceError (exit 3 / 4).
 */
export function readSysctlFiles(
  paths: readonly string[],
  lenient = false,
): {
  files: string[];
  assignments: SysctlAssignment[];
  issues: SysctlFileIssue[];
  unreadable: string[];
} {
  const unreadable: string[] = [];
  const files: string[] = [];
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new SourceError(
        code === 'EACCES' ? 'EACCES' : 'EINPUT',
        `cannot read ${p}: ${code === 'ENOENT' ? 'no such file or directory' : code}`,
      );
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name.endsWith('.conf') && isFile(join(p, name))) files.push(join(p, name));
      }
    } else files.push(p);
  }
  const assignments: SysctlAssignment[] = [];
  const issues: SysctlFileIssue[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (lenient) {
        unreadable.push(f);
        continue;
      }
      throw new SourceError(code === 'EACCES' ? 'EACCES' : 'EINPUT', `cannot read ${f}: ${code}`);
    }
    if (text.includes('\u0000'))
      throw new SourceError('EINPUT', `${f}: a binary file, not a sysctl configuration`);
    const parsed = parseSysctlFile(f, text);
    assignments.push(...parsed.assignments);
    issues.push(...parsed.issues);
  }
  return { files, assignments, issues, unreadable };
}

export function displayName(path: string): string {
  return basename(path);
}

// --- internal ---

function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
