#!/usr/bin/env python3
"""Create and hold a known population of TCP sockets on loopback, for tcpdoctor's tests.

Run inside a private network namespace (ip netns exec NS python3 population.py). Reads one JSON
group per line on stdin, builds it, and answers one line "OK {json}" (or "ERR {json}") on stdout.
The process holds every socket until stdin reaches EOF or --max-seconds pass, then exits.

A group:
  {"kind": "listen", "count": N}                       N listeners nobody connects to
  {"kind": "established", "count": N}                  N accepted pairs held open (2N ESTABLISHED)
  {"kind": "time_wait", "count": N}                    N client-side TIME_WAIT (client closes first)
  {"kind": "server_time_wait", "count": N}             N TIME_WAIT on the listener's side (server closes first)
  {"kind": "close_wait", "count": N}                   N CLOSE_WAIT (server never closes) + N held FIN_WAIT2 peers
  {"kind": "unaccepted", "count": N, "backlog": B}     a listener that never accept()s and N clients
  {"kind": "connect_fail", "count": N}                 N connects, reporting errno names of failures
                                                       ("target_port": aim at an existing listener)
Common keys: "family": 4 or 6 (default 4); "port" reuses a listener an earlier group made on that
host and port; "client_family" (4 with family 6 and host "::" gives
v4-mapped server sockets), "host" (default 127.0.0.1 / ::1), "port" (listener port,
default: chosen by the kernel), "src_port_base" (explicit client source ports; default: below the
ephemeral range so no 4-tuple is reused by tcp_tw_reuse), "client_host" (client bind address).

Every loop is bounded by its count; every socket op has a timeout; loopback only.
"""
import errno
import json
import socket
import sys
import threading
import time

MAX_SECONDS = 300
for i, a in enumerate(sys.argv):
    if a == "--max-seconds" and i + 1 < len(sys.argv):
        MAX_SECONDS = float(sys.argv[i + 1])

held = []
next_src_port = [12000]  # below the ephemeral range (32768-60999): no collision with kernel picks


def fam_of(g):
    return socket.AF_INET6 if g.get("family", 4) == 6 else socket.AF_INET


def default_host(g):
    return "::1" if g.get("family", 4) == 6 else "127.0.0.1"


listeners = {}  # (host, port) -> listening socket, so a later group can reuse a listener


def listener(g, backlog=128):
    key = (g.get("host", default_host(g)), g.get("port", 0))
    if key[1] and key in listeners:
        return listeners[key]
    s = socket.socket(fam_of(g), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if g.get("family", 4) == 6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0 if g.get("host") == "::" else 1)
    s.bind((g.get("host", default_host(g)), g.get("port", 0)))
    s.listen(backlog)
    held.append(s)
    listeners[(key[0], s.getsockname()[1])] = s
    return s


def client(g, srv, explicit_port=True):
    cf = g.get("client_family", g.get("family", 4))
    c = socket.socket(socket.AF_INET6 if cf == 6 else socket.AF_INET, socket.SOCK_STREAM)
    c.settimeout(5)
    if explicit_port and g.get("src_port_base") != "auto":
        base = g.get("src_port_base")
        if base is None:
            port = next_src_port[0]
            next_src_port[0] += 1
        else:
            port = base + g.setdefault("_i", 0)
            g["_i"] += 1
        c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        c.bind((g.get("client_host", "::1" if cf == 6 else "127.0.0.1"), port))
    elif g.get("client_host"):
        c.bind((g["client_host"], 0))
    host, port = srv.getsockname()[:2]
    if cf == 4 and ":" in host:  # an IPv4 client of a dual-stack listener: v4-mapped on the server side
        host = "127.0.0.1"
    c.connect((host, port))
    return c


def accept(srv):
    srv.settimeout(5)
    a, _ = srv.accept()
    a.settimeout(5)
    return a


def build(g):
    kind = g["kind"]
    n = int(g.get("count", 1))
    info = {"kind": kind, "count": n}
    if kind == "listen":
        ports = []
        for _ in range(n):
            ports.append(listener(g).getsockname()[1])
        info["ports"] = ports
    elif kind == "established":
        srv = listener(g)
        for _ in range(n):
            c = client(g, srv, explicit_port=False)
            a = accept(srv)
            held.extend([c, a])
        info["port"] = srv.getsockname()[1]
    elif kind in ("time_wait", "server_time_wait"):
        srv = listener(g)
        for _ in range(n):
            c = client(g, srv)
            a = accept(srv)
            first, second = (c, a) if kind == "time_wait" else (a, c)
            first.close()  # the active closer ends in TIME_WAIT
            second.recv(1)  # EOF: the FIN arrived
            second.close()
        info["port"] = srv.getsockname()[1]
    elif kind == "close_wait":
        srv = listener(g)
        for _ in range(n):
            c = client(g, srv, explicit_port=False)
            a = accept(srv)
            c.shutdown(socket.SHUT_WR)  # FIN from the client; it keeps its fd: FIN_WAIT2 held
            held.extend([c, a])  # the server never closes: CLOSE_WAIT
        info["port"] = srv.getsockname()[1]
    elif kind == "unaccepted":
        srv = listener(g, backlog=int(g.get("backlog", 1)))
        ok = 0
        for _ in range(n):
            c = socket.socket(fam_of(g), socket.SOCK_STREAM)
            c.setblocking(False)
            try:
                c.connect(srv.getsockname()[:2])
            except BlockingIOError:
                pass
            held.append(c)
            ok += 1
        info["port"] = srv.getsockname()[1]
        info["clients"] = ok
    elif kind == "connect_fail":
        # connect N times and report the errno names of the failures; "target_port" aims at an
        # existing listener (e.g. the one a time_wait group used) instead of a new one
        if "target_port" in g:
            target = (g.get("host", default_host(g)), int(g["target_port"]))
        else:
            target = listener(g).getsockname()[:2]
        errors = {}
        ok = 0
        for _ in range(n):
            c = socket.socket(fam_of(g), socket.SOCK_STREAM)
            c.settimeout(5)
            try:
                c.connect(target)
                held.append(c)
                ok += 1
            except OSError as e:
                c.close()
                name = errno.errorcode.get(e.errno, str(e.errno))
                errors[name] = errors.get(name, 0) + 1
        info["errors"] = errors
        info["connected"] = ok
        info["port"] = target[1]
    else:
        raise ValueError(f"unknown kind {kind}")
    time.sleep(0.2)  # let the last FIN/ACKs settle on loopback
    return info


def watchdog():
    time.sleep(MAX_SECONDS)
    sys.stdout.write("TIMEOUT\n")
    sys.stdout.flush()
    import os

    os._exit(3)


threading.Thread(target=watchdog, daemon=True).start()
sys.stdout.write("READY\n")
sys.stdout.flush()
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    try:
        out = build(json.loads(line))
        sys.stdout.write("OK " + json.dumps(out) + "\n")
    except Exception as e:  # report, keep holding what exists
        sys.stdout.write("ERR " + json.dumps({"error": f"{type(e).__name__}: {e}"}) + "\n")
    sys.stdout.flush()
for s in held:
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        s.close()  # RST: tearing down leaves no TIME_WAIT behind
    except OSError:
        pass
