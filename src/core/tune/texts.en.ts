/**
 * English texts of `tune`, `{name}` placeholders. Every claim follows tcp-facts.md (sections in
 * sysctl-knowledge.ts and the facts' references); texts.zh.ts has exactly the same keys (a test
 * checks). One sentence never holds a line break: the terminal wraps, tcpdoctor does not.
 */
export const TUNE_EN = {
  verdicts: {
    ok: 'ok',
    change: 'change',
    harmful: 'harmful',
    'not-applicable': 'n/a',
  },
  severities: { harmful: 'harmful', warning: 'warning', note: 'note' },

  reasons: {
    'na.removed': 'Removed in Linux {kernel}: there is nothing to set on this kernel.',
    'na.notYet': 'Added in Linux {kernel}: this kernel does not have it.',
    'na.global':
      "A global knob: it exists only in the host's initial network namespace, not in this one; change it on the host.",
    'na.absent': 'Not present in this namespace on this kernel.',
    'ok.default': 'The kernel default.',
    'ok.changed':
      'Changed from the default {default}; within sane bounds and nothing here calls for another value.',
    'ok.set': 'Within sane bounds; nothing here calls for another value.',
    'value.notDocumented': 'Not a value the kernel documents ({values}).',
    'value.notInteger': 'Not an integer.',

    'tw_recycle.off': 'Off, as it must stay: Linux 4.12 removed it.',
    'tw_recycle.harmful':
      'It drops SYNs from clients behind NAT whose timestamps go backwards (PAWSPassive), so their connections silently fail; Linux 4.12 removed it for that reason.',
    'tw_recycle.harmful410':
      'Since Linux 4.10 random per-connection timestamp offsets break it even without NAT.',

    'tw_reuse.loopback':
      'The default: connect() reuses TIME_WAIT only on loopback. Set 1 only on clients that run out of local ports.',
    'tw_reuse.on': 'On: outgoing connect() may take over TIME_WAIT tuples older than 1 s; safe on clients.',
    'tw_reuse.old2':
      'Before Linux ≈4.18 there is no loopback-only mode: any non-zero value turns reuse on for every connection, so 2 acts as 1; write 1 to say what it does.',
    'tw_reuse.portExhaustion':
      'connect() toward {dest} uses {pct} of the ephemeral ports: 1 lets it take over TIME_WAIT tuples older than 1 s; it never affects inbound connections.',
    'tw_reuse.onAlready':
      'Already on, and connect() toward {dest} still uses {pct} of the ports: the ports are held by live connections or very recent closes; reuse connections.',
    'tw_reuse.loopbackCovers':
      'The exhausted destination {dest} is on loopback, which the default 2 already covers: reuse connections.',
    'tw_reuse.noTimestamps': 'It has no effect while net.ipv4.tcp_timestamps=0.',
    'tw_reuse.serverSide':
      "It does nothing for this host's server-side TIME_WAIT: it only acts on outgoing connect().",

    'fin_timeout.note': 'It does not shorten TIME_WAIT (a fixed 60 s); it only bounds orphaned FIN_WAIT2.',
    'fin_timeout.orphans':
      '{count} orphaned FIN_WAIT2 sockets wait for peers that never send their FIN: {recommended} s bounds them sooner. TIME_WAIT stays 60 s.',

    'tw_buckets.zero': 'At this value the kernel skips TIME_WAIT for every connection it closes.',
    'tw_buckets.lowered':
      'Below the default ({default}): past the limit the kernel skips TIME_WAIT, the unsafe behaviour TIME_WAIT exists to prevent. Never lower it.',
    'tw_buckets.belowFloor':
      'Below {floor}, so most likely lowered (the default is half the established-connection hash, computed at boot): past the limit the kernel skips TIME_WAIT, the unsafe behaviour TIME_WAIT exists to prevent. Never lower it.',
    'tw_buckets.overflowing':
      'The kernel skipped TIME_WAIT {overflow} times while this ran (TCPTimeWaitOverflow): raise the limit (about 256 bytes per entry); fewer short-lived connections is the lasting fix.',
    'tw_buckets.nearLimit':
      'TIME_WAIT fills {pct} of the limit: raise it before the kernel starts skipping TIME_WAIT (about 256 bytes per entry).',

    'syncookies.off':
      'Off: when the SYN queue of a listener fills, new connections are dropped, legitimate ones included; cookies are the defence against a SYN flood.',
    'syncookies.flood': 'A SYN flood is under way: cookies are what keeps legitimate clients connecting.',
    'syncookies.always':
      '2 answers every SYN with a cookie and loses TCP options; 1 uses cookies only when the SYN queue overflows.',

    'syn_backlog.inert':
      "Nearly inert while tcp_syncookies is on: the listen backlog (somaxconn and the application's listen()) bounds the SYN queue.",
    'syn_backlog.read':
      'Read because tcp_syncookies=0: it keeps the last quarter of the SYN queue for proven peers. Turn cookies back on rather than tune this.',

    'somaxconn.too16bit':
      'Before Linux ≈4.1 the listen backlog is a 16-bit field: values above {max} do not fit, and a listener asking for the maximum gets a truncated queue.',
    'somaxconn.zero':
      'Every listen() backlog is capped at this value: the accept queue holds one connection.',
    'somaxconn.belowDefault':
      'Below this kernel\'s default {default}: listen() backlogs above {current} are silently capped. The old advice "raise somaxconn to 1024" lowers it since Linux 5.4.',
    'somaxconn.old128':
      'Linux 5.4 raised the default from 128 to {default} because the small value kept capping busy listeners; listen() backlogs above {current} are silently capped.',
    'somaxconn.overflow':
      'The accept queue of {listener} overflowed with its backlog capped at somaxconn ({somaxconn}): raise it, and the backlog the application passes to listen().',
    'somaxconn.synBacklog':
      "The SYN queue overflows under real load, and it is bounded by the listen backlog that somaxconn ({somaxconn}) caps: raise it with the application's listen() argument.",
    'somaxconn.appBacklog':
      "The overflowing listener {listener} asked listen() for {backlog}, below somaxconn: the application's backlog is the limit, not this sysctl.",
    'somaxconn.backlogUnknown':
      'A listener overflows but its backlog is not visible from /proc: if it equals somaxconn ({somaxconn}), raise both.',

    'port_range.widen':
      'connect() toward {dest} uses {pct} of {size} ephemeral ports: {recommended} gives {newSize}.',
    'port_range.wide':
      'Already wide, and connect() toward {dest} still uses {pct} of it: reuse connections or add source addresses.',
    'port_range.narrow':
      '{size} ports, fewer than the kernel default ({defaultSize}): outgoing connections to one destination run out sooner.',

    'reserved.listeners':
      "Keeps the ports this host listens on inside the new range ({ports}) out of automatic port selection, so an outgoing connection cannot take a service's port while it restarts.",
    'reserved.unprotected':
      'Listeners on {ports} sit inside the ephemeral range, below its default start: an outgoing connection can take such a port while its service restarts.',
    'reserved.listenersUnknown':
      'The range is widened but the listening ports were not read: reserve the ports your services listen on.',

    'timestamps.off':
      'Off: tcp_tw_reuse, PAWS and the options of SYN cookies need timestamps; turning them off was a workaround for tcp_tw_recycle and is obsolete.',

    'max_orphans.raise':
      'Orphans are being reset for lack of room ({aborts} TCPAbortOnMemory while this ran, {pct} of the limit): raise it if memory allows (up to ~64 KB each).',
    'max_orphans.lowered':
      'Below the default ({default}): orphans are reset sooner. Raise it, never lower it.',

    'orphan_retries.orphans':
      '{count} orphans retransmit their FIN to peers that went away, and 0 means 8 retries (over 100 s): {recommended} sheds them sooner.',
    'orphan_retries.zero': '0 is not "no retries": the kernel treats it as 8.',

    'synack.flood':
      'Under a SYN flood, {recommended} retries drop a half-open request after about 15 s instead of 63 s; syncookies stay the main defence.',

    'abort_on_overflow.on':
      'With 1 a full accept queue resets clients instead of letting them retry: a delay becomes an error.',
    'abort_on_overflow.overflowing': 'Accept queues are overflowing now, so clients are being reset.',

    'tcp_mem.note': 'Computed at boot for this machine: do not copy it from another host.',
    'netdev_backlog.lowered': 'Below the default ({default}): received packets are dropped sooner in bursts.',
    'keepalive.notCloseWait':
      'Keepalive settings do not fix the CLOSE_WAIT leak diagnose found: the application must call close().',
  },

  audit: {
    title: 'Sysctl audit of {ns}, Linux {kernel}',
    columns: {
      name: 'sysctl',
      current: 'current',
      recommended: 'recommended',
      verdict: 'verdict',
      why: 'why',
    },
    summary: '{harmful} harmful, {change} to change, {ok} ok, {na} not applicable.',
    findings: 'Findings that shaped the recommendations: {list}.',
    noFindings: 'No diagnose finding calls for a change: the recommendations are sane bounds only.',
    next: 'tcpdoctor tune --apply changes the running values (it shows the diff and asks first); tcpdoctor tune --write persists them.',
    nsHost: "the host's initial network namespace (inode {inode})",
    nsSelf: 'this network namespace (inode {inode})',
    nsOther: 'network namespace {label} (inode {inode})',
    nsUnknown: 'network namespace {label}',
  },

  check: {
    removed:
      'Removed in Linux {kernel}: on Linux {target} `sysctl -p` fails on this line ("cannot stat {path}") and systemd-sysctl skips it. Delete it.',
    removedIgnored:
      'Removed in Linux {kernel}: the "-" prefix makes sysctl ignore the error, but the line does nothing on Linux {target}. Delete it.',
    notYet:
      'Added in Linux {kernel}: on Linux {target} `sysctl -p` fails on this line ("cannot stat {path}").',
    notYetIgnored: 'Added in Linux {kernel}: ignored on Linux {target} (the "-" prefix).',
    unknown: 'Not a sysctl on this machine ({path} does not exist): `sysctl -p` fails on this line.',
    unknownSuggest: 'Did you mean {name}?',
    unknownIgnored:
      'Not a sysctl on this machine ({path} does not exist); the "-" prefix makes sysctl ignore it.',
    absent:
      '{path} does not exist on this machine (a module not loaded, an interface absent, or another kernel): not checked.',
    absentNamespace:
      "{path} is not visible in this network namespace (global knobs exist only in the host's): not checked.",
    invalid: {
      'not-integer': 'The kernel expects an integer: `sysctl -p` fails on "{value}".',
      'not-documented': '{value} is not a documented value ({expected}).',
      'below-min': 'The kernel rejects values below {min}: `sysctl -p` fails on this line.',
      'above-max': 'The kernel rejects values above {max}: `sysctl -p` fails on this line.',
      count: 'The kernel expects {count} numbers here: `sysctl -p` fails on this line.',
      'range-order': 'The first port is above the last: the kernel rejects it.',
      ports: 'Not a port list or range the kernel takes (ports 1–65535, "a,b,c-d").',
      'read-only': 'Read-only: `sysctl -p` fails on this line.',
    },
    overridden: 'Overridden by {where} ({value}), which is applied later.',
    duplicate: 'Set again, to the same value, in {where}.',
    syntax: 'Not "key = value": sysctl reports this line and skips it.',
    unreadable: 'Could not read {file}: not checked.',
    classic:
      'The classic TIME_WAIT block (tcp_syncookies, tcp_tw_reuse, tcp_tw_recycle, tcp_fin_timeout), copied from tuning guides of the 2000s: tcp_tw_recycle was removed in Linux 4.12 after breaking clients behind NAT, and tcp_fin_timeout never shortened TIME_WAIT. Use this instead:',
    summary:
      '{files} file(s) checked against Linux {kernel}: {harmful} harmful, {warning} warning(s), {note} note(s).',
    none: 'No sysctl configuration files found: {where}.',
    exitHarmful: 'Exit status 1: harmful configuration.',
  },

  classic: {
    header: 'the classic TIME_WAIT block, corrected by tcpdoctor',
    syncookies: 'the default: the fallback against SYN floods',
    twReuse:
      "clients and proxies only: lets connect() reuse TIME_WAIT; needs tcp_timestamps=1; does nothing for a server's inbound connections",
    twRecycle: 'deleted: removed in Linux 4.12; it broke clients behind NAT',
    finTimeout: 'deleted: TIME_WAIT is a fixed 60 s; this only bounds orphaned FIN_WAIT2',
    alternatives:
      "Out of local ports toward one destination? Reuse connections first (pools, keep-alive); then widen the range and reserve your services' ports:",
    reservedPlaceholder: '<the ports your services listen on>',
  },

  apply: {
    header: 'Changes to the running kernel, {ns}:',
    nothing: 'Nothing to change: every value is ok or not applicable here.',
    backupAt: 'The previous values are saved first to {path}; tcpdoctor tune --rollback restores them.',
    confirm: 'Apply {count} change(s)? [y/N] ',
    declined: 'Nothing changed.',
    needsYes:
      'tune --apply changes the running kernel and asks first: run it on a terminal, or pass --yes to confirm in a script',
    needsRoot:
      'tune --apply changes kernel settings and needs root; tcpdoctor tune (without --apply) shows what it would change',
    done: 'Applied {count} change(s), each read back from /proc/sys. Undo: tcpdoctor tune --rollback. Persist: tcpdoctor tune --write.',
    rejected:
      '{name}: the kernel refused {value} ({error}); every change was rolled back, nothing is changed',
    mismatch:
      '{name}: wrote {value} but the kernel reads back {readBack}; every change was rolled back, nothing is changed',
    moved:
      '{name} changed to {now} while tcpdoctor prepared the change (it read {was}); nothing is changed, run it again',
    rollbackFailed:
      'the change failed ({cause}) and restoring failed too for {names}: they hold the values shown by tcpdoctor tune; the backup {path} keeps the previous ones',
    unknownKey:
      '--set {name}: not a sysctl tcpdoctor knows; it changes only the tunables of tcpdoctor explain',
    notHere: '--set {name}: it does not exist in this namespace on this kernel',
    invalidSet: '--set {name}={value}: {why}',
    neverRecycle:
      '--set {name}={value}: tcpdoctor never turns tcp_tw_recycle on (removed in Linux 4.12; it broke clients behind NAT)',
    badSet: '--set takes KEY=VALUE, not "{raw}"',
    badOnly: '--only {name}: not a sysctl tune audits',
  },

  rollback: {
    header: 'Restore the values saved {time} in {ns}:',
    none: 'no tcpdoctor backup for this network namespace (inode {inode}) in {dir}',
    otherNs:
      '{path} was taken in another network namespace (inode {theirs}; this one is {ours}): refusing to restore it here',
    otherBoot:
      '{path} was taken before the last reboot (boot id {theirs}): refusing to restore it (--force restores it anyway)',
    drift:
      '{name} changed since tcpdoctor set it ({applied} then, {current} now); it is restored all the same.',
    confirm: 'Restore {count} value(s)? [y/N] ',
    needsYes:
      'tune --rollback changes the running kernel and asks first: run it on a terminal, or pass --yes',
    needsRoot: 'tune --rollback changes kernel settings and needs root',
    nothing: 'Every value already holds what the backup saved: nothing to restore.',
    done: 'Restored {count} value(s), each read back from /proc/sys. The backup is kept as {path}.',
  },

  write: {
    done: 'Wrote {path} ({count} setting(s)); it applies at boot. To apply it now: sysctl -p {path}',
    nothing:
      'Nothing to persist: no value differs from what the kernel gives at boot, and tcpdoctor applied nothing that is still in place.',
    notOurs: '{path} exists and was not written by tcpdoctor: refusing to replace it (--force replaces it)',
    notInitial:
      "warning: this is not the host's initial network namespace; files in /etc/sysctl.d configure the host at boot, not this namespace (set it through the container's own configuration instead).",
    laterFile:
      'warning: {name} is also set in {where}, which is applied after {path}: its value ({value}) wins at boot.',
    fileHeader: 'Host {host}, Linux {kernel}, {ns}, {time}.',
    fileApply: 'Apply without a reboot: sysctl -p {path}',
    fileApplied: 'applied at run time by tcpdoctor tune --apply ({time}); kept',
  },
};
