/**
 * The classic TIME_WAIT block: four lines copied from tuning guides for two decades
 * (tcp_syncookies=1, tcp_tw_reuse=1, tcp_tw_recycle=1, tcp_fin_timeout=30). Two of them are wrong
 * (tcp-facts.md §0.1, §0.2): tcp_tw_recycle was removed in Linux 4.12 after breaking clients
 * behind NAT, and tcp_fin_timeout never shortened TIME_WAIT. Recognised by the names, whatever
 * the values, the order, or the spelling of the keys.
 */
import type { SysctlAssignment } from './sysctl-file.js';
import { TUNE_NUMBERS } from './sysctl-knowledge.js';
import type { TuneTexts } from './texts.js';

export const CLASSIC_KEYS = [
  'net.ipv4.tcp_syncookies',
  'net.ipv4.tcp_tw_reuse',
  'net.ipv4.tcp_tw_recycle',
  'net.ipv4.tcp_fin_timeout',
] as const;

export interface ClassicBlock {
  file: string;
  /** Line numbers of the block's lines in the file, in file order. */
  lines: number[];
  /** Which of the four keys the file sets. */
  keys: string[];
}

/** One block per file that sets at least three of the four keys. */
export function findClassicBlocks(assignments: readonly SysctlAssignment[]): ClassicBlock[] {
  const byFile = new Map<string, SysctlAssignment[]>();
  for (const a of assignments) {
    if (!(CLASSIC_KEYS as readonly string[]).includes(a.key)) continue;
    const list = byFile.get(a.file) ?? [];
    list.push(a);
    byFile.set(a.file, list);
  }
  const blocks: ClassicBlock[] = [];
  for (const [file, list] of byFile) {
    const keys = CLASSIC_KEYS.filter((k) => list.some((a) => a.key === k));
    if (keys.length < 3) continue;
    blocks.push({ file, lines: list.map((a) => a.line).sort((x, y) => x - y), keys });
  }
  return blocks;
}

/**
 * The corrected block, as lines of a sysctl.d file: comments on their own lines (sysctl.d(5) has
 * no end-of-line comments), the two sound settings kept, the two wrong ones deleted with the
 * reason, and the real alternative for running out of ports.
 */
export function correctedClassicBlock(block: ClassicBlock, texts: TuneTexts): string[] {
  const c = texts.classic;
  const out = [`# ${c.header}`];
  if (block.keys.includes('net.ipv4.tcp_syncookies'))
    out.push(`# ${c.syncookies}`, 'net.ipv4.tcp_syncookies = 1');
  if (block.keys.includes('net.ipv4.tcp_tw_reuse')) out.push(`# ${c.twReuse}`, 'net.ipv4.tcp_tw_reuse = 1');
  if (block.keys.includes('net.ipv4.tcp_tw_recycle')) out.push(`# net.ipv4.tcp_tw_recycle: ${c.twRecycle}`);
  if (block.keys.includes('net.ipv4.tcp_fin_timeout'))
    out.push(`# net.ipv4.tcp_fin_timeout: ${c.finTimeout}`);
  const [low, high] = TUNE_NUMBERS.widePortRange;
  out.push(
    `# ${c.alternatives}`,
    `# net.ipv4.ip_local_port_range = ${low} ${high}`,
    `# net.ipv4.ip_local_reserved_ports = ${c.reservedPlaceholder}`,
  );
  return out;
}
