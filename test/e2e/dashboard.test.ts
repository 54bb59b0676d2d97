/**
 * The web dashboard of `tcpdoctor serve` in a real browser: Debian's chromium, driven by
 * playwright-core (never a downloaded browser), running in the exporter's network namespace (its
 * loopback is per namespace). The exporter watches a second namespace holding a known population,
 * so nothing the browser or the exporter do on their own loopback changes the counts compared
 * with `ss`.
 *
 * How the browser gets into the namespace: playwright starts chromium itself and talks to it over
 * a pipe (--remote-debugging-pipe, file descriptors 3 and 4). The executable we hand it is a
 * two-line wrapper, `exec ip netns exec NS /usr/bin/chromium "$@"`; `ip netns exec` enters the
 * namespace and execs chromium with those descriptors intact. The test process stays in the host
 * namespace and drives the browser as usual; the browser's network is the exporter's.
 *
 * Screenshots for a person to look at: test-artifacts/dashboard.png (English, with findings),
 * test-artifacts/dashboard-zh.png, test-artifacts/dashboard-failing.png.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { diagnoseTexts } from '../../src/core/diagnose/texts.js';
import { stateEntry } from '../../src/core/explain/explain-entry.js';
import { STATE_NAMES, type TcpStateName } from '../../src/core/model/tcp-state.js';
import {
  CLI,
  IS_CI,
  TestNetns as Netns,
  namespaceSkipReason,
  REPO,
  type TestNetns,
} from '../support/netns.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = namespaceSkipReason() ?? chromiumMissing();
const ARTIFACTS = resolve(REPO, 'test-artifacts');
const TOKEN = '9d4c1f7e2a8b5c3d6e0f1a2b3c4d5e6f';
/** A process name (comm: at most 15 bytes) that would be markup if anything parsed it as HTML. */
const HOSTILE = `<script>"q'&`;

const dir = mkdtempSync(join(tmpdir(), 'tcpdoctor-dashboard-'));
const cleanups: Array<() => Promise<void> | void> = [];

describe.skipIf(skip)('the dashboard in a real browser', () => {
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the counts ss shows, follows changes, explains, speaks Chinese, and shows findings with advice; host strings stay text', async () => {
    const watched = newNs();
    // 200 ephemeral ports and no tcp_tw_reuse: 130 TIME_WAIT toward one destination is 65 % of
    // the range, a port-exhaustion warning
    watched.sysctl('net.ipv4.ip_local_port_range', '40000 40199');
    watched.sysctl('net.ipv4.tcp_tw_reuse', '0');
    const pop = await watched.population();
    await pop.add({ kind: 'listen', count: 2 });
    await pop.add({ kind: 'established', count: 6 });
    await pop.add({ kind: 'time_wait', count: 130, src_port_base: 'auto' });
    // From here TIME_WAIT lives 60 s: every comparison below is done well within that.
    await hostileProcess(watched, HOSTILE, 12); // 12 CLOSE_WAIT held by "<script>…": a leak warning

    const site = newNs();
    const served = await serve(site, ['--netns', watched.name, '--interval', '1', '--listen', '127.0.0.1:0']);
    const browser = await browserIn(site);
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'en-US' });
    const problems = watchProblems(page);
    const response = await page.goto(`http://${served.address}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(
      /default-src 'none'; script-src 'self'; style-src 'self'.*require-trusted-types-for 'script'/,
    );

    // The counts: every one of the eleven states, equal to ss in the watched namespace.
    const first = await countsMatchSs(page, watched);
    expect(first.tiles).toEqual(first.ss);
    expect(first.ss.TIME_WAIT).toBeGreaterThanOrEqual(130);
    expect(first.ss.CLOSE_WAIT).toBe(12);

    // The findings, with evidence and advice; the hostile name is shown as text and nothing more.
    const leak = page.locator('article[data-key="finding-close-wait-leak"]');
    const ports = page.locator('article[data-key="finding-port-exhaustion"]');
    await leak.waitFor({ timeout: 15_000 });
    await ports.waitFor({ timeout: 15_000 });
    expect(await leak.locator('.severity').textContent()).toMatch(/Warning|Critical/);
    expect(await leak.locator('h3').textContent()).toContain(diagnoseTexts('en')['close-wait-leak.title']);
    expect(await leak.locator('ol.advice li').count()).toBeGreaterThanOrEqual(2);
    expect(await leak.locator('ol.advice li').first().textContent()).toMatch(/close\(\)/);
    expect(await ports.locator('ol.advice li').first().textContent()).toMatch(/Reuse connections/);
    expect(await leak.locator('p').first().textContent()).toContain(`${HOSTILE} (pid `);
    await leak.locator('details summary').click();
    const cells = await leak.locator('details td').allTextContents();
    expect(cells).toContain(HOSTILE);
    expect(await page.locator('script').count()).toBe(2); // uPlot and app.js, nothing injected
    expect(await page.locator('main script, main b, main img').count()).toBe(0);
    // the tiles of the states the findings are about say so in words
    expect(await page.locator('button[data-state="CLOSE_WAIT"] .tile-flag').textContent()).toMatch(/Warning/);
    // the headline: totals, the biggest states, the verdict
    const headline = (await page.locator('#headline').textContent()) ?? '';
    const total = Object.values(first.ss).reduce((a, b) => a + b, 0);
    expect(headline.startsWith(`${total} TCP connections · TIME_WAIT ${first.ss.TIME_WAIT} · `)).toBe(true);
    expect(headline).toMatch(/2 warnings|critical/);

    // Destinations with their ephemeral-port headroom, listeners, peers: real tables.
    const dest = page.locator('#dest-table table');
    expect(await dest.locator('caption').textContent()).toContain('40000–40199');
    const busiest = await dest.locator('tbody tr').first().locator('td').allTextContents();
    expect(busiest[0]).toMatch(/^127\.0\.0\.1 → 127\.0\.0\.1:\d+$/);
    expect(busiest[3]).toMatch(/^1[3-9]\d of 200 \(\d+ %\)$/);
    expect(busiest[4]).toMatch(/warning/);
    expect(await page.locator('#listeners-table th[scope="col"]').count()).toBe(4);
    expect(await page.locator('#peers-table tbody tr').first().locator('td').first().textContent()).toBe(
      '127.0.0.1',
    );

    // The chart is drawn, and its text alternative names the states it shows.
    await page.locator('#chart canvas').first().waitFor();
    expect(await page.locator('#chart').getAttribute('aria-label')).toMatch(
      /TIME_WAIT from \d+ to \d+, now \d+/,
    );

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });

    // Updates without a reload: 5 more pairs make 10 more ESTABLISHED.
    await pop.add({ kind: 'established', count: 5 });
    const after = await countsMatchSs(page, watched, (c) => c.ESTABLISHED === first.ss.ESTABLISHED + 10);
    expect(after.tiles).toEqual(after.ss);
    expect(await page.locator('button[data-state="ESTABLISHED"] .tile-change').textContent()).toMatch(
      /^\+10 in /,
    );

    // Explain on click or keyboard: the knowledge base's text in a modal dialog.
    const tw = page.locator('button[data-state="TIME_WAIT"]');
    expect(await tw.getAttribute('title')).toBe(`TIME_WAIT: ${stateEntry(6, 'en').summary}`);
    await tw.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog#explain');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.locator('h2').textContent()).toBe(`TIME_WAIT — ${stateEntry(6, 'en').summary}`);
    expect(await dialog.textContent()).toContain(stateEntry(6, 'en').meaning);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate('document.activeElement && document.activeElement.dataset.state')).toBe(
      'TIME_WAIT',
    );

    // Keyboard: every control is reached with Tab, and focus is visible.
    await page.locator('.skip').focus();
    const reached = new Set<string>();
    let outline = '';
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      // page functions are strings here: this file is type-checked without the DOM library
      const f = (await page.evaluate(`(() => {
        const a = document.activeElement;
        if (!a) return { key: '', outline: '' };
        const key = a.dataset.state || a.dataset.lang || a.id || a.tagName;
        return { key: a.tagName + ':' + key, outline: getComputedStyle(a).outlineStyle };
      })()`)) as { key: string; outline: string };
      reached.add(f.key);
      if (f.key === 'BUTTON:ESTABLISHED') outline = f.outline;
    }
    for (const key of [
      'BUTTON:en',
      'BUTTON:zh',
      'BUTTON:pause',
      'BUTTON:LISTEN',
      'BUTTON:CLOSE',
      'INPUT:log-scale',
    ]) {
      expect([...reached], key).toContain(key);
    }
    expect(outline).not.toBe('none');

    // Chinese: the page's words, the findings (translated by the exporter) and the explanations.
    await page.locator('button[data-lang="zh"]').click();
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    expect(await page.locator('#states-h').textContent()).toBe('各状态的连接数');
    await page
      .locator('article[data-key="finding-close-wait-leak"] h3', {
        hasText: diagnoseTexts('zh')['close-wait-leak.title'] as string,
      })
      .waitFor({ timeout: 10_000 });
    expect(await page.locator('button[data-lang="zh"]').getAttribute('aria-pressed')).toBe('true');
    // (page.waitForFunction would eval a string in the page, which the dashboard's CSP forbids)
    const zhTitle = `TIME_WAIT: ${stateEntry(6, 'zh').summary}`;
    expect(
      await until(
        () => tw.getAttribute('title'),
        (title) => title === zhTitle,
        10_000,
      ),
    ).toBe(zhTitle);
    const zh = await countsMatchSs(page, watched);
    expect(zh.tiles).toEqual(zh.ss);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-zh.png'), fullPage: true });
    // the choice is remembered
    await page.reload();
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    await page.locator('button[data-lang="en"]').click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });

    expect(problems()).toEqual([]);
    await browser.close();
    expect(await served.stop()).toBe(0);
  }, 150_000);

  it('asks for the token, takes it from #token= or the form, and never puts it in a URL', async () => {
    const watched = newNs();
    const pop = await watched.population();
    await pop.add({ kind: 'listen', count: 3 });
    const site = newNs();
    const served = await serve(
      site,
      ['--netns', watched.name, '--interval', '1', '--listen', '127.0.0.1:0'],
      {
        ...process.env,
        TCPDOCTOR_TOKEN: TOKEN,
      },
    );
    const url = `http://${served.address}/`;
    const browser = await browserIn(site);
    const page = await browser.newPage();
    const problems = watchProblems(page, [/401 \(Unauthorized\)/]);
    const requests: Array<{ url: string; authorization: string | undefined }> = [];
    page.on('request', (r) => requests.push({ url: r.url(), authorization: r.headers().authorization }));

    // the page loads without the token (it holds no host data); the data does not
    await page.goto(url);
    const form = page.locator('section#token');
    await form.waitFor({ state: 'visible' });
    expect(await page.locator('button[data-state="LISTEN"] .tile-count').textContent()).toBe('0');
    await page.locator('#token-input').fill(TOKEN);
    await page.locator('#token-form button[type="submit"]').click();
    await form.waitFor({ state: 'hidden' });
    await expectTile(page, 'LISTEN', 3);
    const api = requests.filter((r) => r.url.includes('/api/'));
    expect(api.some((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);

    // #token= in a fresh tab: used, then removed from the address bar
    const tab = await browser.newPage();
    tab.on('request', (r) => requests.push({ url: r.url(), authorization: r.headers().authorization }));
    await tab.goto(`${url}#token=${TOKEN}`);
    await expectTile(tab, 'LISTEN', 3);
    expect(tab.url()).toBe(url);
    expect(await tab.locator('section#token').isHidden()).toBe(true);

    // a wrong token is refused, said so, and forgotten
    const wrong = await browser.newPage();
    watchProblems(wrong, [/401 \(Unauthorized\)/]);
    await wrong.goto(`${url}#token=${'0'.repeat(32)}`);
    await wrong.locator('#token-refused').waitFor({ state: 'visible' });
    expect(await wrong.evaluate("sessionStorage.getItem('tcpdoctor.token')")).toBeNull();

    expect(requests.filter((r) => r.url.includes(TOKEN))).toEqual([]);
    expect(served.stderr()).not.toContain(TOKEN);
    expect(problems()).toEqual([]);
    await browser.close();
    await served.stop();
  }, 90_000);

  it('says clearly when the exporter cannot read, and when it is gone, and keeps the last numbers', async () => {
    const watched = newNs();
    const pop = await watched.population();
    await pop.add({ kind: 'time_wait', count: 7 });
    const site = newNs();
    // watched by the pid of its only process: when that exits, the census fails
    const served = await serve(site, [
      '--netns',
      String(pop.pid),
      '--interval',
      '1',
      '--listen',
      '127.0.0.1:0',
    ]);
    const browser = await browserIn(site);
    const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    await page.goto(`http://${served.address}/`);
    await expectTile(page, 'TIME_WAIT', 7);
    expect(await page.locator('.banner').count()).toBe(0);

    await pop.close();
    const failed = page.locator('.banner[role="alert"]', {
      hasText: 'The exporter cannot read the connections',
    });
    await failed.waitFor({ timeout: 15_000 });
    expect(await failed.textContent()).toMatch(/The numbers below are from \d\d:\d\d:\d\d, \d+ s ago\./);
    expect(await page.locator('button[data-state="TIME_WAIT"] .tile-count').textContent()).toBe('7');
    // old numbers are never called healthy
    expect(await page.locator('#headline .verdict').textContent()).toBe('Not current: see the message above');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-failing.png'), fullPage: false });

    await served.stop();
    const gone = page.locator('.banner[role="alert"]', { hasText: 'Cannot reach tcpdoctor serve' });
    await gone.waitFor({ timeout: 15_000 });
    expect(await page.locator('button[data-state="TIME_WAIT"] .tile-count').textContent()).toBe('7');
    await browser.close();
  }, 90_000);
});

// --- helpers ---

function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `needs Debian chromium at ${CHROMIUM} (apt-get install chromium)`;
  if (IS_CI) throw new Error(`CI=true and this test ${reason}: a skip is a failure in CI`);
  console.warn(`skipping dashboard tests: ${reason}`);
  return reason;
}

function newNs(): TestNetns {
  const ns = Netns.create();
  cleanups.push(() => ns.destroy());
  return ns;
}

/** Chromium inside `ns`, driven from here over playwright's pipe (see the top of this file). */
async function browserIn(ns: TestNetns): Promise<Browser> {
  const wrapper = join(dir, `chromium-in-${ns.name}`);
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${ns.name} ${CHROMIUM} "$@"\n`, { mode: 0o755 });
  const browser = await chromium.launch({
    executablePath: wrapper,
    headless: true,
    timeout: 30_000,
    // playwright adds --headless, --remote-debugging-pipe and a fresh temporary --user-data-dir
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
      '--disable-quic',
      '--disable-dev-shm-usage',
    ],
  });
  cleanups.push(async () => {
    if (browser.isConnected()) await browser.close();
  });
  return browser;
}

/**
 * Errors the page should never have: uncaught exceptions, console errors (a CSP violation is one),
 * dialogs (an alert() would mean injected script ran). `allowed` are expected console errors.
 */
function watchProblems(page: Page, allowed: RegExp[] = []): () => string[] {
  const out: string[] = [];
  page.on('pageerror', (e) => out.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !allowed.some((re) => re.test(m.text()))) out.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    out.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return () => out;
}

type Counts = Record<TcpStateName, number>;

/** The eleven tile counts as the page shows them (thousands separators removed). */
async function tileCounts(page: Page): Promise<Counts> {
  // one read of all eleven, so they come from the same render
  const raw = (await page.evaluate(`Object.fromEntries([...document.querySelectorAll('button[data-state]')]
    .map((b) => [b.dataset.state, (b.querySelector('.tile-count') || {}).textContent || '']))`)) as Record<
    string,
    string
  >;
  return Object.fromEntries(STATE_NAMES.map((n) => [n, Number((raw[n] ?? '').replace(/,/g, ''))])) as Counts;
}

/**
 * Wait until the page shows what `ss` shows in `ns`, with ss counted before and after reading the
 * page and unchanged in between (so the population held still while the page was read).
 */
async function countsMatchSs(
  page: Page,
  ns: TestNetns,
  also: (c: Counts) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<{ ss: Counts; tiles: Counts }> {
  const deadline = Date.now() + timeoutMs;
  let last = { ss: ns.ssStates() as Counts, tiles: await tileCounts(page) };
  while (Date.now() < deadline) {
    const before = ns.ssStates() as Counts;
    const tiles = await tileCounts(page);
    const after = ns.ssStates() as Counts;
    last = { ss: before, tiles };
    if (
      JSON.stringify(before) === JSON.stringify(after) &&
      JSON.stringify(tiles) === JSON.stringify(before) &&
      also(tiles)
    )
      return last;
    await page.waitForTimeout(300);
  }
  return last;
}

async function expectTile(page: Page, state: TcpStateName, n: number): Promise<void> {
  await page
    .locator(`button[data-state="${state}"] .tile-count`, { hasText: new RegExp(`^${n}$`) })
    .waitFor({ timeout: 20_000 });
}

/** Poll `get` until `ok` holds, at most `timeoutMs`; the last value either way. */
async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let v = await get();
  while (!ok(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    v = await get();
  }
  return v;
}

/**
 * A process in `ns` named `name` (written to /proc/self/comm) holding `count` CLOSE_WAIT sockets:
 * it accepts connections whose clients then close, and never closes its side.
 */
async function hostileProcess(ns: TestNetns, name: string, count: number): Promise<void> {
  const script = [
    'import socket, sys, time',
    "open('/proc/self/comm', 'w').write(sys.argv[1])",
    'n = int(sys.argv[2])',
    'srv = socket.socket()',
    "srv.bind(('127.0.0.1', 0))",
    'srv.listen(64)',
    'held, clients = [], []',
    'for i in range(n):',
    '    c = socket.socket(); c.settimeout(5); c.connect(srv.getsockname()); clients.append(c)',
    '    s, _ = srv.accept(); held.append(s)',
    'for c in clients: c.close()',
    "print('READY', flush=True)",
    'deadline = time.time() + 240',
    "while time.time() < deadline and sys.stdin.readline() != '': pass",
  ].join('\n');
  const child = spawn('ip', ['netns', 'exec', ns.name, 'python3', '-c', script, name, String(count)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  cleanups.push(async () => {
    await stopChild(child);
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const line = await new Promise<string>((resolveLine, reject) => {
    const timer = setTimeout(() => reject(new Error(`hostile helper did not start: ${err}`)), 10_000);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (l) => {
      clearTimeout(timer);
      resolveLine(l);
    });
  });
  expect(line).toBe('READY');
  const comm = spawnSync('cat', [`/proc/${child.pid}/comm`], { encoding: 'utf8' }).stdout.trim();
  // ip netns exec execs python: the pid is python's, and its name is now the hostile one
  expect(comm).toBe(name);
}

interface Served {
  address: string;
  stderr: () => string;
  stop: () => Promise<number | null>;
}

/** `tcpdoctor serve` inside `ns`, resolved once it says where it listens. */
function serve(ns: TestNetns, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Served> {
  const child = spawn('ip', ['netns', 'exec', ns.name, process.execPath, CLI, 'serve', ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const stop = () => stopChild(child);
  cleanups.push(async () => {
    await stop();
  });
  return new Promise((resolveServed, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in 20 s: ${err}`)), 20_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /serving http:\/\/(\S+)\/metrics.*; dashboard at http:\/\/\S+\//.exec(err);
      if (m) {
        clearTimeout(timer);
        resolveServed({ address: m[1] as string, stderr: () => err, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening: ${err}`));
    });
  });
}

/** SIGTERM, then SIGKILL after 8 s; the exit code (null when killed). */
async function stopChild(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}
