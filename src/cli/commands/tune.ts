import { basename, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { runRules } from '../../core/diagnose/run-rules.js';
import type { SysctlKey } from '../../core/explain/facts.js';
import type { Lang } from '../../core/explain/glossary.js';
import { langFromEnv, parseLang } from '../../core/explain/lang.js';
import { type AuditRow, auditSysctls, judgeStandalone } from '../../core/tune/audit.js';
import { BACKUP_KIND, BACKUP_SCHEMA, type SysctlBackup } from '../../core/tune/backup.js';
import { checkSysctlFiles } from '../../core/tune/check-sysctl-files.js';
import { orderSteps, type PlanStep, planChanges } from '../../core/tune/plan.js';
import { DEFAULT_DROPIN_PATH, type DropinEntry, renderDropin } from '../../core/tune/render-dropin.js';
import {
  type Layout,
  type NamespaceView,
  namespaceText,
  renderAuditText,
  renderCheckText,
  renderPlanText,
  valueText,
} from '../../core/tune/render-tune.js';
import { normaliseSysctlKey } from '../../core/tune/sysctl-file.js';
import {
  factByName,
  invalidValue,
  normaliseValue,
  parseKernel,
  sameValue,
  TUNE_KEYS,
} from '../../core/tune/sysctl-knowledge.js';
import { type TuneTexts, t, tuneTexts } from '../../core/tune/texts.js';
import { auditJson, changeJson, checkJson, type Envelope } from '../../core/tune/tune-json.js';
import { COLOUR, displayWidth, PLAIN } from '../../sinks/terminal/format.js';
import type { NetnsTarget } from '../../sources/netns/netns-target.js';
import { takeDiagnoseInput } from '../../sources/snapshot/take-diagnose-input.js';
import {
  backupDir,
  backupNamespaces,
  discardBackup,
  latestBackup,
  listBackups,
  markRestored,
  readBackup,
  saveBackup,
} from '../../sources/sysctl/backup-store.js';
import { listSysctlFiles, readSysctlFiles, SYSCTL_DIRS } from '../../sources/sysctl/read-sysctl-files.js';
import { probeSysctlKey } from '../../sources/sysctl/read-sysctls.js';
import { readTuneState, resolveTuneTarget, type TuneState } from '../../sources/sysctl/read-tune-state.js';
import type { TxResult } from '../../sources/sysctl/sysctl-transaction.js';
import { writeDropin } from '../../sources/sysctl/write-dropin.js';
import { writeSysctls } from '../../sources/sysctl/write-sysctls.js';
import { readHostInfo } from '../../sources/system/host-info.js';
import { CliError, EXIT, usageError } from '../cli-error.js';
import { type CliContext, colourWanted } from '../context.js';
import { parseDuration, parseFlags } from '../options.js';

export const HELP = `Usage: tcpdoctor tune [options]              audit the TCP sysctls of a network namespace
       tcpdoctor tune --check [FILE|DIR ...]  lint sysctl configuration files
       tcpdoctor tune --apply [--yes]         change the running values, with a backup
       tcpdoctor tune --rollback [--yes]      restore the last backup of this namespace
       tcpdoctor tune --write [PATH]          persist the recommendations in a sysctl.d drop-in

The audit shows each tunable's current value, the value to have, and a verdict — ok, change,
harmful, not applicable — with the reason: sane bounds for this kernel, and what diagnose finds
(port exhaustion, listen overflows, a SYN flood, orphans, the TIME_WAIT table). It never
recommends tcp_tw_recycle, and it never tells tcp_fin_timeout to shorten TIME_WAIT.

Modes:
  --check [PATH ...]  check files (a directory gives its *.conf files); default: the files
                      systemd-sysctl reads (/etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d,
                      /usr/lib/sysctl.d, /lib/sysctl.d; same-name masking), then /etc/sysctl.conf
  --apply             change the running values only: shows the diff, asks, saves the previous
                      values, writes through /proc/sys of the namespace, reads each one back, and
                      rolls everything back if one fails
  --rollback          restore the newest backup taken in this namespace (refuses another's)
  --write [PATH]      the only mode that persists: a commented drop-in, written atomically
                      (default ${DEFAULT_DROPIN_PATH}); never replaces a file tcpdoctor did not write

Options:
  --netns NS          a pid or a name under /run/netns (default: this namespace)
  --interval DUR      read counters twice, DUR apart, for the findings (default 1s; 0 = one pass)
  --only KEY          --apply/--write: only this sysctl (repeatable; short or full name)
  --set KEY=VALUE     --apply/--write: this value as well, or instead of the recommended one
  -y, --yes           --apply/--rollback: do not ask (scripts); without it a terminal is needed
  --backup-dir DIR    backups (default /var/lib/tcpdoctor/backups, or $TCPDOCTOR_BACKUP_DIR)
  --force             --write: replace a file tcpdoctor did not write;
                      --rollback: restore a backup taken before the last reboot
  --kernel VERSION    --check: judge the files for this kernel (e.g. 4.19) instead of the running one
  --root DIR          --check: the systemd-sysctl files of an image or chroot at DIR
  --strict            --check: exit 1 on warnings as well
  --lang en|zh        language (default from LC_ALL / LC_MESSAGES / LANG)
  --json              JSON on stdout (docs/json.md, "tune")
  --no-color          no colour
  -h, --help          this help

Exit codes: 0 ok; 1 harmful configuration (--check, or a harmful running value); 2 usage error,
or --apply/--rollback without a terminal and without --yes; 3 input error (an unreadable file, a
value the kernel rejected, no backup of this namespace, a file tcpdoctor did not write);
4 permission denied (changing sysctls needs root); 5 the live source failed.`;

const FLAGS = {
  check: { type: 'boolean' },
  apply: { type: 'boolean' },
  rollback: { type: 'boolean' },
  write: { type: 'boolean' },
  netns: { type: 'string' },
  interval: { type: 'string' },
  only: { type: 'string', multiple: true },
  set: { type: 'string', multiple: true },
  yes: { type: 'boolean', short: 'y' },
  'backup-dir': { type: 'string' },
  force: { type: 'boolean' },
  kernel: { type: 'string' },
  root: { type: 'string' },
  strict: { type: 'boolean' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

interface Run {
  values: Values;
  positionals: string[];
  ctx: CliContext;
  lang: Lang;
  texts: TuneTexts;
  layout: Layout;
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseFlags(args, FLAGS, true);
  if (values.help) {
    ctx.out(`${HELP}\n`);
    return EXIT.OK;
  }
  const lang = values.lang === undefined ? langFromEnv(ctx.env) : parseLang(values.lang);
  if (!lang) throw usageError(`--lang takes en or zh, not "${values.lang}"`);
  validateCombination(values, positionals);
  const style = colourWanted(ctx, values['no-color']) && !values.json ? COLOUR : PLAIN;
  const r: Run = {
    values,
    positionals,
    ctx,
    lang,
    texts: tuneTexts(lang),
    layout: { width: displayWidth, ...style },
  };
  if (values.check) return runCheck(r);
  if (values.rollback) return runRollback(r);
  return runAuditApplyWrite(r);
}

// --- internal ---

function validateCombination(v: Values, positionals: string[]): void {
  const modes = (['check', 'apply', 'rollback', 'write'] as const).filter((m) => v[m]);
  if (modes.length > 1) throw usageError(`--${modes[0]} and --${modes[1]} are separate runs; pick one`);
  const mode = modes[0];
  const only = (flag: string, allowed: readonly string[], given: unknown) => {
    if (given !== undefined && given !== false && !allowed.includes(mode ?? 'audit')) {
      throw usageError(`${flag} goes with ${allowed.map((m) => `--${m}`).join(' or ')}`);
    }
  };
  only('--kernel', ['check'], v.kernel);
  only('--root', ['check'], v.root);
  only('--strict', ['check'], v.strict);
  only('--only', ['apply', 'write'], v.only);
  only('--set', ['apply', 'write'], v.set);
  only('--yes', ['apply', 'rollback'], v.yes);
  only('--force', ['write', 'rollback'], v.force);
  only('--interval', ['audit', 'apply', 'write'], v.interval);
  if (v.netns === 'all') throw usageError('tune works on one namespace at a time: --netns PID or NAME');
  if (mode === 'check' && v.netns !== undefined) {
    throw usageError('--check reads files, not a namespace; --kernel VERSION judges them for another kernel');
  }
  if (mode === 'check' && v.root !== undefined && positionals.length > 0) {
    throw usageError('--root reads the systemd-sysctl files under DIR: give either --root or files');
  }
  if (mode === 'write' && positionals.length > 1) throw usageError('--write takes one path');
  if (mode !== 'check' && mode !== 'write' && positionals.length > 0) {
    throw usageError(`unexpected argument "${positionals[0]}" (files go with --check, a path with --write)`);
  }
}

// --- check ---

function runCheck(r: Run): number {
  const { values, ctx, texts } = r;
  if (values.kernel !== undefined && !parseKernel(values.kernel)) {
    throw usageError(`--kernel takes a Linux version such as 4.19 or 6.1, not "${values.kernel}"`);
  }
  const host = readHostInfo();
  const kernel = values.kernel ?? host.kernel;
  const root = values.root ?? '/';
  const explicit = r.positionals.length > 0;
  const paths = explicit ? r.positionals : listSysctlFiles(root);
  const read = readSysctlFiles(paths, !explicit);
  const result = checkSysctlFiles({
    files: read.files.filter((f) => !read.unreadable.includes(f)).concat(read.unreadable),
    assignments: read.assignments,
    syntax: read.issues,
    unreadable: read.unreadable,
    kernel,
    // Whether a key exists can only be asked of the running kernel, and only for the host's files.
    ...(values.kernel === undefined && values.root === undefined ? { probe: probeSysctlKey } : {}),
  });
  const env: Envelope = {
    host: host.host,
    kernel: host.kernel,
    time: new Date().toISOString(),
    source: { kind: 'file', paths: result.files },
  };
  if (values.json) ctx.out(`${JSON.stringify(checkJson(env, r.lang, result, texts), null, 2)}\n`);
  else if (result.files.length === 0) {
    const where =
      values.root === undefined ? [...SYSCTL_DIRS, '/etc/sysctl.conf'].join(', ') : `under ${values.root}`;
    ctx.out(`${t(texts.check.none, { where })}\n`);
  } else ctx.out(renderCheckText(result, texts, r.layout));
  if (result.counts.harmful > 0) return EXIT.FINDING;
  if (values.strict && result.counts.warning > 0) return EXIT.FINDING;
  return EXIT.OK;
}

// --- audit, apply, write ---

async function runAuditApplyWrite(r: Run): Promise<number> {
  const { values, ctx, texts } = r;
  if (values.apply) requireRoot(texts.apply.needsRoot);
  const target = resolveTuneTarget(values.netns);
  const intervalMs = values.interval === undefined ? 1000 : parseDuration(values.interval, '--interval');
  const state = readTuneState(target);
  const { snapshot, input } = await takeDiagnoseInput({ netns: values.netns, intervalMs, sysctlFiles: [] });
  const findings = runRules(input, r.lang).findings.filter((f) => f.id !== 'healthy');
  const listenerPorts = input.records?.filter((s) => s.state === 10).map((s) => s.localPort);
  const rows = auditSysctls({
    kernel: state.kernel,
    values: state.values,
    initialNamespace: state.namespace.initial,
    findings,
    ...(listenerPorts ? { listenerPorts } : {}),
  });
  const ns = nsView(state);
  const env: Envelope = {
    host: state.host,
    kernel: state.kernel,
    time: snapshot.time,
    source: snapshot.source,
  };

  if (values.apply) return apply(r, state, target, rows, ns, env);
  if (values.write) return write(r, state, rows, ns, env);

  if (values.json)
    ctx.out(
      `${JSON.stringify(auditJson(env, r.lang, ns, rows, findings, snapshot.notes, texts), null, 2)}\n`,
    );
  else
    ctx.out(
      renderAuditText({ kernel: state.kernel, ns, rows, findings, notes: snapshot.notes }, texts, r.layout),
    );
  return rows.some((row) => row.verdict === 'harmful') ? EXIT.FINDING : EXIT.OK;
}

async function apply(
  r: Run,
  state: TuneState,
  target: NetnsTarget,
  rows: AuditRow[],
  ns: NamespaceView,
  env: Envelope,
): Promise<number> {
  const { values, ctx, texts } = r;
  const steps = planChanges(rows, {
    only: onlyNames(values.only, texts),
    set: setValues(values.set, state, texts),
  });
  const show = values.json ? ctx.err : ctx.out;
  if (steps.length === 0) {
    if (values.json)
      ctx.out(json(changeJson(env, r.lang, 'apply', ns, [], { status: 'nothing', backup: null }, texts)));
    else ctx.out(`${texts.apply.nothing}\n`);
    return EXIT.OK;
  }
  const inode = requireInode(state);
  const dir = backupDir(values['backup-dir'], ctx.env);
  show(
    renderPlanText(
      steps,
      t(texts.apply.header, { ns: namespaceText(ns, texts) }),
      texts,
      values.json ? PLAIN_LAYOUT : r.layout,
    ),
  );
  show(`${t(texts.apply.backupAt, { path: `${dir}/${inode}/` })}\n`);
  if (!(await confirmed(r, t(texts.apply.confirm, { count: steps.length }), texts.apply.needsYes))) {
    if (values.json)
      ctx.out(json(changeJson(env, r.lang, 'apply', ns, steps, { status: 'nothing', backup: null }, texts)));
    else ctx.out(`${texts.apply.declined}\n`);
    return EXIT.OK;
  }
  const backup: SysctlBackup = {
    schema: BACKUP_SCHEMA,
    kind: BACKUP_KIND,
    time: new Date().toISOString(),
    host: state.host,
    kernel: state.kernel,
    bootId: state.bootId,
    netns: { inode, label: state.namespace.label, initial: state.namespace.initial },
    previous: Object.fromEntries(steps.map((s) => [s.name, s.from])),
    applied: Object.fromEntries(steps.map((s) => [s.name, s.to])),
  };
  // The backup exists before the first write: if it cannot be saved, nothing is changed.
  const path = saveBackup(dir, backup);
  const result = writeSysctls(
    target,
    steps.map((s) => ({ name: s.name, expected: s.from, value: s.to })),
  );
  if (result.ok) {
    if (values.json)
      ctx.out(json(changeJson(env, r.lang, 'apply', ns, steps, { status: 'applied', backup: path }, texts)));
    else ctx.out(`${t(texts.apply.done, { count: steps.length })}\n`);
    return EXIT.OK;
  }
  if (result.notRestored.length === 0) discardBackup(path);
  if (values.json) {
    ctx.out(
      json(
        changeJson(
          env,
          r.lang,
          'apply',
          ns,
          steps,
          { status: 'failed', backup: result.notRestored.length ? path : null, ...failureJson(result) },
          texts,
        ),
      ),
    );
  }
  throw failureError(result, texts, path);
}

async function write(
  r: Run,
  state: TuneState,
  rows: AuditRow[],
  ns: NamespaceView,
  env: Envelope,
): Promise<number> {
  const { values, ctx, texts } = r;
  const path = r.positionals[0] ?? DEFAULT_DROPIN_PATH;
  const only = onlyNames(values.only, texts);
  const steps = planChanges(rows, { only, set: setValues(values.set, state, texts) });
  const entries: DropinEntry[] = steps.map((s) => ({
    name: s.name,
    value: s.to,
    current: s.from,
    verdict: s.verdict === 'set' || s.verdict === 'restore' ? 'change' : s.verdict,
    reasons: s.reasons,
  }));
  for (const kept of appliedStillInPlace(r, state)) {
    if (entries.some((e) => e.name === kept.name) || (only && !only.includes(kept.name))) continue;
    entries.push(kept);
  }
  const rank = (name: string) => TUNE_KEYS.indexOf(factByName(name)?.key as SysctlKey);
  const ordered = orderSteps([...entries].sort((a, b) => rank(a.name) - rank(b.name)));
  if (ordered.length === 0) {
    if (values.json)
      ctx.out(
        json({ schema: 1, ...env, lang: r.lang, mode: 'write', path, status: 'nothing', settings: [] }),
      );
    else ctx.out(`${texts.write.nothing}\n`);
    return EXIT.OK;
  }
  if (!state.namespace.initial) ctx.err(`tcpdoctor: ${texts.write.notInitial}\n`);
  for (const w of laterFileWarnings(path, ordered))
    ctx.err(`tcpdoctor: ${t(texts.write.laterFile, { ...w, path })}\n`);
  const text = renderDropin(
    ordered,
    { host: state.host, kernel: state.kernel, ns, time: env.time, path },
    texts,
  );
  const outcome = writeDropin(path, text, values.force === true);
  if (outcome === 'not-ours') throw new CliError(t(texts.write.notOurs, { path }), EXIT.INPUT);
  if (values.json) {
    const settings = ordered.map((e) => ({
      name: e.name,
      value: e.value,
      current: e.current,
      verdict: e.verdict,
    }));
    ctx.out(
      json({
        schema: 1,
        ...env,
        lang: r.lang,
        mode: 'write',
        namespace: nsJsonOf(ns),
        path,
        status: outcome,
        settings,
      }),
    );
  } else ctx.out(`${t(texts.write.done, { path, count: ordered.length })}\n`);
  return EXIT.OK;
}

// --- rollback ---

async function runRollback(r: Run): Promise<number> {
  const { values, ctx, texts } = r;
  requireRoot(texts.rollback.needsRoot);
  const target = resolveTuneTarget(values.netns);
  const state = readTuneState(target);
  const inode = requireInode(state);
  const dir = backupDir(values['backup-dir'], ctx.env);
  const latest = latestBackup(dir, inode);
  if (!latest) {
    const others = backupNamespaces(dir);
    const hint =
      others.length > 0
        ? ` (backups exist for namespace inode${others.length > 1 ? 's' : ''} ${others.join(', ')})`
        : '';
    throw new CliError(`${t(texts.rollback.none, { inode, dir })}${hint}`, EXIT.INPUT);
  }
  const { path, backup } = latest;
  if (backup.netns.inode !== inode) {
    throw new CliError(
      t(texts.rollback.otherNs, { path, theirs: backup.netns.inode, ours: inode }),
      EXIT.INPUT,
    );
  }
  if (backup.bootId !== null && state.bootId !== null && backup.bootId !== state.bootId && !values.force) {
    throw new CliError(t(texts.rollback.otherBoot, { path, theirs: backup.bootId }), EXIT.INPUT);
  }
  const ns = nsView(state);
  const env: Envelope = {
    host: state.host,
    kernel: state.kernel,
    time: new Date().toISOString(),
    source: { kind: 'backup', path },
  };
  const steps: PlanStep[] = [];
  const notes: string[] = [];
  for (const name of Object.keys(backup.previous).reverse()) {
    const to = backup.previous[name] as string;
    const current = state.values[name];
    const fact = factByName(name);
    if (current === undefined || !fact || sameValue(name, current, to)) continue;
    const applied = backup.applied[name];
    if (applied !== undefined && !sameValue(name, current, applied)) {
      notes.push(t(texts.rollback.drift, { name, applied: valueText(applied), current: valueText(current) }));
    }
    steps.push({ name, key: fact.key, from: current, to, verdict: 'restore', reasons: [] });
  }
  const show = values.json ? ctx.err : ctx.out;
  if (steps.length === 0) {
    const restoredAs = markRestored(path);
    if (values.json)
      ctx.out(
        json(changeJson(env, r.lang, 'rollback', ns, [], { status: 'nothing', backup: restoredAs }, texts)),
      );
    else ctx.out(`${texts.rollback.nothing}\n`);
    return EXIT.OK;
  }
  const header = t(texts.rollback.header, { time: backup.time, ns: namespaceText(ns, texts) });
  show(renderPlanText(steps, header, texts, values.json ? PLAIN_LAYOUT : r.layout));
  for (const n of notes) show(`${n}\n`);
  if (!(await confirmed(r, t(texts.rollback.confirm, { count: steps.length }), texts.rollback.needsYes))) {
    if (values.json)
      ctx.out(
        json(changeJson(env, r.lang, 'rollback', ns, steps, { status: 'nothing', backup: path }, texts)),
      );
    else ctx.out(`${texts.apply.declined}\n`);
    return EXIT.OK;
  }
  const result = writeSysctls(
    target,
    steps.map((s) => ({ name: s.name, expected: s.from, value: s.to })),
  );
  if (result.ok) {
    const restoredAs = markRestored(path);
    if (values.json)
      ctx.out(
        json(
          changeJson(env, r.lang, 'rollback', ns, steps, { status: 'restored', backup: restoredAs }, texts),
        ),
      );
    else ctx.out(`${t(texts.rollback.done, { count: steps.length, path: restoredAs })}\n`);
    return EXIT.OK;
  }
  if (values.json)
    ctx.out(
      json(
        changeJson(
          env,
          r.lang,
          'rollback',
          ns,
          steps,
          { status: 'failed', backup: path, ...failureJson(result) },
          texts,
        ),
      ),
    );
  throw failureError(result, texts, path);
}

// --- helpers ---

const PLAIN_LAYOUT: Layout = { width: displayWidth, ...PLAIN };

function json(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function nsView(state: TuneState): NamespaceView {
  const ns = state.namespace;
  return { label: ns.label, inode: ns.inode, initial: ns.initial, self: ns.target.kind === 'self' };
}

function nsJsonOf(ns: NamespaceView): Record<string, unknown> {
  return { label: ns.label, inode: ns.inode ?? null, initial: ns.initial, self: ns.self };
}

/** Changing sysctls needs root: say so in one line before reading or writing anything (exit 4). */
function requireRoot(message: string): void {
  if (process.geteuid?.() !== 0) throw new CliError(message, EXIT.PERMISSION);
}

function requireInode(state: TuneState): number {
  if (state.namespace.inode === undefined) {
    throw new CliError(
      `cannot read the inode of network namespace ${state.namespace.label}: without it there is no backup key, so nothing is changed`,
      EXIT.LIVE,
    );
  }
  return state.namespace.inode;
}

/** --yes, or a yes typed on a terminal; without a terminal and without --yes, a usage error (exit 2). */
async function confirmed(r: Run, question: string, needsYes: string): Promise<boolean> {
  if (r.values.yes) return true;
  if (process.stdin.isTTY !== true) throw usageError(needsYes);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise<string>((resolve) => {
    rl.once('close', () => resolve(''));
    rl.question(question, resolve);
  });
  rl.close();
  return /^\s*(y|yes|是|好)\s*$/i.test(answer);
}

function onlyNames(raw: readonly string[] | undefined, texts: TuneTexts): string[] | undefined {
  if (!raw || raw.length === 0) return undefined;
  return raw
    .flatMap((x) => x.split(','))
    .map((x) => {
      const name = normaliseSysctlKey(x);
      const fact = factByName(name);
      if (!fact || !TUNE_KEYS.includes(fact.key)) throw usageError(t(texts.apply.badOnly, { name: x }));
      return name;
    });
}

/** --set KEY=VALUE, checked against the knowledge base and the namespace before anything is written. */
function setValues(raw: readonly string[] | undefined, state: TuneState, texts: TuneTexts) {
  const kernel = parseKernel(state.kernel);
  return (raw ?? []).map((item) => {
    const eq = item.indexOf('=');
    if (eq <= 0) throw usageError(t(texts.apply.badSet, { raw: item }));
    const name = normaliseSysctlKey(item.slice(0, eq));
    const value = normaliseValue(item.slice(eq + 1));
    const fact = factByName(name);
    if (!fact) throw usageError(t(texts.apply.unknownKey, { name }));
    if (fact.key === 'tcp_tw_recycle' && value !== '0')
      throw usageError(t(texts.apply.neverRecycle, { name, value }));
    const current = state.values[name];
    if (current === undefined) throw usageError(t(texts.apply.notHere, { name }));
    const invalid = invalidValue(fact, value, kernel);
    if (invalid && invalid.code !== 'not-documented') {
      const why = t(texts.check.invalid[invalid.code], { value, ...invalidVars(invalid) });
      throw usageError(t(texts.apply.invalidSet, { name, value, why }));
    }
    const j = judgeStandalone(fact, value, kernel, state.values);
    return { name, key: fact.key, from: current, to: value, reasons: j.verdict === 'ok' ? [] : j.reasons };
  });
}

function invalidVars(v: ReturnType<typeof invalidValue>): Record<string, string | number> {
  if (!v) return {};
  if (v.code === 'below-min') return { min: v.min };
  if (v.code === 'above-max') return { max: v.max };
  if (v.code === 'count') return { count: v.count };
  if (v.code === 'not-documented') return { expected: v.expected };
  return {};
}

/** Values an earlier --apply set in this namespace that still hold: --write keeps them. */
function appliedStillInPlace(r: Run, state: TuneState): DropinEntry[] {
  if (state.namespace.inode === undefined) return [];
  let paths: string[];
  try {
    paths = listBackups(backupDir(r.values['backup-dir'], r.ctx.env), state.namespace.inode);
  } catch {
    return []; // backups are root's: an unprivileged --write to a path of one's own goes without them
  }
  const kept = new Map<string, DropinEntry>();
  for (const p of paths) {
    const backup = readBackup(p);
    if (!backup) continue;
    for (const [name, value] of Object.entries(backup.applied)) {
      const current = state.values[name];
      if (current === undefined || !sameValue(name, current, value)) {
        kept.delete(name);
        continue;
      }
      kept.set(name, {
        name,
        value: normaliseValue(value),
        current,
        verdict: 'applied',
        reasons: [],
        appliedAt: backup.time,
      });
    }
  }
  return [...kept.values()];
}

/** Files of the systemd-sysctl set applied after the drop-in that give one of its keys another value. */
function laterFileWarnings(
  path: string,
  entries: readonly DropinEntry[],
): Array<{ name: string; where: string; value: string }> {
  if (!(SYSCTL_DIRS as readonly string[]).includes(dirname(path))) return [];
  const mine = basename(path);
  const later = listSysctlFiles().filter(
    (f) => f !== path && (basename(f) > mine || f === '/etc/sysctl.conf'),
  );
  const read = readSysctlFiles(later, true);
  const out: Array<{ name: string; where: string; value: string }> = [];
  for (const e of entries) {
    const last = [...read.assignments].reverse().find((a) => a.key === e.name);
    if (last && !sameValue(e.name, last.value, e.value)) {
      out.push({ name: e.name, where: `${last.file}:${last.line}`, value: normaliseValue(last.value) });
    }
  }
  return out;
}

function failureJson(result: Extract<TxResult, { ok: false }>): Record<string, unknown> {
  return { failure: result.failure, restored: result.restored, notRestored: result.notRestored };
}

/** The one-line message and exit code of a failed transaction (everything was rolled back unless said). */
function failureError(
  result: Extract<TxResult, { ok: false }>,
  texts: TuneTexts,
  backupPath: string,
): CliError {
  const f = result.failure;
  const cause =
    f.kind === 'mismatch'
      ? t(texts.apply.mismatch, {
          name: f.name,
          value: valueText(f.value),
          readBack: valueText(f.readBack ?? ''),
        })
      : f.kind === 'moved'
        ? t(texts.apply.moved, {
            name: f.name,
            now: valueText(f.readBack ?? ''),
            was: valueText(f.expected ?? ''),
          })
        : t(texts.apply.rejected, { name: f.name, value: valueText(f.value), error: f.error });
  if (result.notRestored.length > 0) {
    const names = result.notRestored.map((n) => n.name).join(', ');
    return new CliError(t(texts.apply.rollbackFailed, { cause, names, path: backupPath }), EXIT.LIVE);
  }
  const code =
    f.kind === 'denied'
      ? EXIT.PERMISSION
      : f.kind === 'rejected' || f.kind === 'absent' || f.kind === 'mismatch'
        ? EXIT.INPUT
        : EXIT.LIVE;
  return new CliError(cause, code);
}
