/* diag_dump.h - the kernel's TCP socket tables over NETLINK_SOCK_DIAG, as counts or as compact
 * fixed-size records. No Node-API in here: addon.c is the glue.
 *
 * By default one legacy TCPDIAG_GETSOCK dump, which the kernel runs as an inet_diag_req_v2 dump
 * with AF_UNSPEC: both families in a single walk of the socket hash tables. With
 * TD_FLAG_PER_FAMILY (and automatically when the kernel refuses the legacy request), one
 * SOCK_DIAG_BY_FAMILY inet_diag_req_v2 dump per family, AF_INET then AF_INET6, as ss does. Either
 * way: states 1..11 (mask 0xFFE: BOUND_INACTIVE, 13, is not asked for, as /proc/net/tcp never
 * shows it) and no extensions (no tcp_info), so the kernel sends 16 + 72 bytes per socket.
 *
 * The whole job runs on a short-lived helper thread. With a namespace fd, that thread setns()es
 * into it before opening the netlink socket (a sock_diag dump covers the namespace of the socket),
 * so the main thread never moves and no pooled thread is left in another namespace.
 */
#ifndef TCPDOCTOR_DIAG_DUMP_H
#define TCPDOCTOR_DIAG_DUMP_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* Version of the record layout below; the TypeScript decoder checks it. */
#define TD_FORMAT_VERSION 1
/* Bytes per record. Layout (host byte order unless said otherwise):
 *   0 u8  family (4 or 6)        1 u8  state (tcp_states.h)   2 u8 timer (0..4)   3 u8 retransmits
 *   4 u16 local port             6 u16 remote port
 *   8 16 bytes local address, network order (IPv4: the first 4 bytes)
 *  24 16 bytes remote address, network order
 *  40 u32 timer expiry, ms        44 u32 rqueue (LISTEN: accept queue)
 *  48 u32 wqueue (LISTEN: backlog) 52 u32 uid   56 u32 inode   60 u32 bound interface index */
#define TD_RECORD_SIZE 64
/* include/net/tcp_states.h: bits 1..11 = ESTABLISHED .. CLOSING. */
#define TD_STATE_MASK 0xFFEu
/* Counts: 16 slots per family (state codes fit 4 bits), IPv4 first. */
#define TD_SLOTS 16

#define TD_FLAG_RECORDS 1
/* Two SOCK_DIAG_BY_FAMILY (inet_diag_req_v2) dumps, AF_INET then AF_INET6, as ss does. Without
 * it: one legacy TCPDIAG_GETSOCK dump, which the kernel runs with AF_UNSPEC - both families in a
 * single walk of the socket hash tables instead of two (the AF_INET6 walk visits every IPv4
 * socket too); it falls back to the two dumps when the kernel refuses the legacy request. */
#define TD_FLAG_PER_FAMILY 2

#define TD_METHOD_SINGLE_WALK 1
#define TD_METHOD_PER_FAMILY 2

struct td_error {
    int err;            /* positive errno; 0 = none */
    const char *stage;  /* "open", "setns", "socket", "sendto", "recvmsg", "NLMSG_ERROR", "NLMSG_DONE", "parse", "memory" */
    int family;         /* AF_INET / AF_INET6 being dumped, 0 if none yet */
    int attempts;       /* dump attempts made for that family */
    char detail[200];   /* kernel extended-ack text or our own explanation; may be empty */
};

struct td_job {
    /* input */
    int flags;
    int nsfd;           /* -1: the caller's own namespace */
    /* thread bookkeeping */
    pthread_t thread;
    int started;
    int joined;
    int finished;       /* addon.c: the result was handed out */
    /* Test hook (TCPDOCTOR_DIAG_FAULT): a failure injected into the dump, TD_FAULT_*. */
    int fault;
    int fault_count;
    /* output, valid after the join when error.err == 0 */
    double counts[2 * TD_SLOTS];
    uint8_t *records;
    size_t records_len;  /* bytes */
    size_t records_cap;
    uint32_t recv_calls;
    uint32_t retries;    /* whole-family restarts after a retryable failure */
    uint64_t bytes;
    int ipv6_missing;    /* the kernel has no IPv6 (AF_INET6 dump answered ENOENT, or no tcp6 table) */
    int method;          /* TD_METHOD_*: how the dump was asked for */
    uint64_t netns_inode;
    double elapsed_ms;
    struct td_error error;
};

/* Faults the tests inject, by name (td_fault_parse): each replaces the outcome of the first
 * reply of a dump attempt, after its sockets were counted, so that discarding a partial count is
 * exercised too. "-once" faults hit the first attempt only. */
enum {
    TD_FAULT_NONE,
    TD_FAULT_ENOBUFS_ONCE,   /* "enobufs-once": recvmsg fails with ENOBUFS, then the retry succeeds */
    TD_FAULT_ENOBUFS,        /* "enobufs": every attempt overruns: reported after 3 attempts */
    TD_FAULT_TRUNCATED,      /* "truncated": the stream ends before NLMSG_DONE on every attempt */
    TD_FAULT_INTR_ONCE,      /* "intr-once": one reply flagged NLM_F_DUMP_INTR, then success */
    TD_FAULT_EPERM,          /* "eperm": an NLMSG_ERROR carrying EPERM (not retried) */
};
int td_fault_parse(const char *name);

/* Runs the job on the calling thread (the helper thread's body). Returns 0 or a positive errno,
 * also left in job->error. Never leaves a partial count: on failure the counts are meaningless. */
int td_run(struct td_job *job);

/* Starts td_run on a new thread with every signal blocked. Returns 0 or a positive errno. */
int td_start(struct td_job *job);

/* Joins the helper thread (idempotent). */
void td_join(struct td_job *job);

/* Frees what the job owns (records, namespace fd); the job itself stays the caller's. */
void td_release(struct td_job *job);

/* "EPERM", "ENOBUFS", ... for the errnos a dump can meet; NULL for others. */
const char *td_errno_name(int err);

#endif
