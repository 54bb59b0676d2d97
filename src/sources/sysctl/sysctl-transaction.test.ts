import { describe, expect, it } from 'vitest';
import { runSysctlTransaction, type SysctlIo } from './sysctl-transaction.js';

/** A fake /proc/sys: values in a map, and a write that fails for chosen names and values. */
function fakeKernel(
  initial: Record<string, string>,
  rejects: (name: string, value: string) => string | undefined = () => undefined,
) {
  const values = new Map(Object.entries(initial));
  const log: string[] = [];
  const io: SysctlIo = {
    read(name) {
      const v = values.get(name);
      if (v === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return `${v}\n`;
    },
    write(name, value) {
      const code = rejects(name, value);
      log.push(`${name}=${value}${code ? ` ${code}` : ''}`);
      if (code) throw Object.assign(new Error(code), { code });
      values.set(name, value);
    },
  };
  return { io, values, log };
}

const steps = [
  { name: 'a', expected: '1', value: '10' },
  { name: 'b', expected: '2', value: '20' },
  { name: 'c', expected: '3', value: '30' },
];

describe('the sysctl transaction', () => {
  it('writes every value and reads each one back', () => {
    const k = fakeKernel({ a: '1', b: '2', c: '3' });
    expect(runSysctlTransaction(steps, k.io)).toEqual({
      ok: true,
      changed: [
        { name: 'a', from: '1', to: '10' },
        { name: 'b', from: '2', to: '20' },
        { name: 'c', from: '3', to: '30' },
      ],
    });
    expect(Object.fromEntries(k.values)).toEqual({ a: '10', b: '20', c: '30' });
  });

  it('a value the kernel rejects mid-way: everything written so far is restored, newest first', () => {
    const k = fakeKernel({ a: '1', b: '2', c: '3' }, (name) => (name === 'c' ? 'EINVAL' : undefined));
    const r = runSysctlTransaction(steps, k.io);
    expect(r).toEqual({
      ok: false,
      failure: { name: 'c', value: '30', kind: 'rejected', error: 'EINVAL' },
      restored: ['b', 'a'],
      notRestored: [],
    });
    expect(Object.fromEntries(k.values)).toEqual({ a: '1', b: '2', c: '3' });
    expect(k.log).toEqual(['a=10', 'b=20', 'c=30 EINVAL', 'b=2', 'a=1']);
  });

  it('a value the kernel stores differently (a silent clamp) is a failure too, and is itself restored', () => {
    const k = fakeKernel({ a: '1', b: '2' });
    const io: SysctlIo = { ...k.io, write: (n, v) => k.io.write(n, n === 'b' && v === '20' ? '19' : v) };
    const r = runSysctlTransaction(steps.slice(0, 2), io);
    expect(r).toMatchObject({
      ok: false,
      failure: { name: 'b', kind: 'mismatch', readBack: '19' },
      restored: ['b', 'a'],
    });
    expect(Object.fromEntries(k.values)).toEqual({ a: '1', b: '2' });
  });

  it('a value changed by someone else since the plan was made stops the transaction before it writes it', () => {
    const k = fakeKernel({ a: '1', b: '5' });
    const r = runSysctlTransaction(steps.slice(0, 2), k.io);
    expect(r).toMatchObject({
      ok: false,
      failure: { name: 'b', kind: 'moved', readBack: '5', expected: '2' },
      restored: ['a'],
    });
    expect(Object.fromEntries(k.values)).toEqual({ a: '1', b: '5' });
  });

  it('permission denied on the first write: nothing to restore', () => {
    const k = fakeKernel({ a: '1' }, () => 'EACCES');
    expect(runSysctlTransaction(steps.slice(0, 1), k.io)).toEqual({
      ok: false,
      failure: { name: 'a', value: '10', kind: 'denied', error: 'EACCES' },
      restored: [],
      notRestored: [],
    });
  });

  it('a restore that fails is reported, never hidden', () => {
    const k = fakeKernel({ a: '1', b: '2' }, (name, value) =>
      name === 'b' || (name === 'a' && value === '1') ? 'EIO' : undefined,
    );
    const r = runSysctlTransaction(steps.slice(0, 2), k.io);
    expect(r).toMatchObject({
      ok: false,
      failure: { name: 'b' },
      restored: [],
      notRestored: [{ name: 'a', value: '1', error: 'EIO' }],
    });
  });

  it('compares whitespace and port lists as the kernel prints them', () => {
    const k = fakeKernel({
      'net.ipv4.ip_local_port_range': '32768\t60999',
      'net.ipv4.ip_local_reserved_ports': '',
    });
    const io: SysctlIo = {
      ...k.io,
      // the kernel sorts a port list and prints tabs between the two ports of the range
      write: (n, v) =>
        k.io.write(n, n.endsWith('reserved_ports') ? v.split(',').sort().join(',') : v.replace(' ', '\t')),
    };
    const r = runSysctlTransaction(
      [
        { name: 'net.ipv4.ip_local_reserved_ports', expected: '', value: '9100,8080' },
        { name: 'net.ipv4.ip_local_port_range', expected: '32768 60999', value: '1024 65535' },
      ],
      io,
    );
    expect(r.ok).toBe(true);
  });
});
