/* diag_dump.c - see diag_dump.h. Sources for the protocol: include/uapi/linux/inet_diag.h,
 * include/uapi/linux/sock_diag.h, include/uapi/linux/netlink.h; net/ipv4/inet_diag.c. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "diag_dump.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

/* A dump skb is at most ~32 KiB (net/netlink/af_netlink.c caps max_recvmsg_len there); start
 * above that and grow on MSG_TRUNC. */
#define TD_RECV_BUF (64u << 10)
#define TD_RECV_BUF_MAX (4u << 20)
/* Socket receive buffer asked for (SO_RCVBUFFORCE as root, else SO_RCVBUF, capped by rmem_max). */
#define TD_SO_RCVBUF (4 << 20)
/* Whole-family restarts after ENOBUFS, an interrupted or truncated dump, EINTR/EAGAIN/EBUSY. */
#define TD_MAX_ATTEMPTS 3
/* A dump that stops answering is reported, never waited on forever. */
#define TD_RECV_TIMEOUT_S 10
/* Syscall restarts on EINTR before giving up (signals are blocked on the helper thread anyway). */
#define TD_EINTR_LIMIT 1000

struct td_buf {
    uint8_t *p;
    size_t size;
};

static uint32_t td_seq;

static double td_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int td_fail(struct td_job *job, int err, const char *stage, int family, const char *detail)
{
    job->error.err = err;
    job->error.stage = stage;
    job->error.family = family;
    if (detail) snprintf(job->error.detail, sizeof job->error.detail, "%s", detail);
    else job->error.detail[0] = 0;
    return err;
}

static int td_retryable(int err)
{
    return err == ENOBUFS || err == EINTR || err == EAGAIN || err == EBUSY;
}

/* Append one record; 0 or ENOMEM. */
static int td_put_record(struct td_job *job, const struct inet_diag_msg *m)
{
    if (job->records_len + TD_RECORD_SIZE > job->records_cap) {
        size_t cap = job->records_cap ? job->records_cap * 2 : (size_t)TD_RECORD_SIZE * 4096;
        uint8_t *p = realloc(job->records, cap);
        if (!p) return ENOMEM;
        job->records = p;
        job->records_cap = cap;
    }
    uint8_t *r = job->records + job->records_len;
    memset(r, 0, TD_RECORD_SIZE);
    r[0] = m->idiag_family == AF_INET6 ? 6 : 4;
    r[1] = m->idiag_state;
    r[2] = m->idiag_timer;
    r[3] = m->idiag_retrans;
    uint16_t sport = ntohs(m->id.idiag_sport), dport = ntohs(m->id.idiag_dport);
    memcpy(r + 4, &sport, 2);
    memcpy(r + 6, &dport, 2);
    memcpy(r + 8, m->id.idiag_src, 16);
    memcpy(r + 24, m->id.idiag_dst, 16);
    uint32_t u32[6] = {m->idiag_expires, m->idiag_rqueue, m->idiag_wqueue,
                       m->idiag_uid,     m->idiag_inode,  m->id.idiag_if};
    memcpy(r + 40, u32, sizeof u32);
    job->records_len += TD_RECORD_SIZE;
    return 0;
}

/* The text of an extended ack (NLMSGERR_ATTR_MSG), if the kernel sent one. */
static void td_ext_ack(const struct nlmsghdr *h, char *out, size_t outsize)
{
    out[0] = 0;
    if (!(h->nlmsg_flags & NLM_F_ACK_TLVS)) return;
    const struct nlmsgerr *e = NLMSG_DATA(h);
    size_t off = NLMSG_HDRLEN + sizeof(*e);
    /* Without NLM_F_CAPPED the original request follows the error header. */
    if (!(h->nlmsg_flags & NLM_F_CAPPED)) off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
    while (off + sizeof(struct nlattr) <= h->nlmsg_len) {
        const struct nlattr *a = (const struct nlattr *)((const uint8_t *)h + off);
        if (a->nla_len < sizeof(*a) || off + a->nla_len > h->nlmsg_len) return;
        if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
            size_t n = a->nla_len - sizeof(*a);
            if (n >= outsize) n = outsize - 1;
            memcpy(out, (const uint8_t *)a + sizeof(*a), n);
            out[n] = 0;
            return;
        }
        off += NLA_ALIGN(a->nla_len);
    }
}

static int td_open_socket(struct td_job *job, int family)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0) return -td_fail(job, errno, "socket", family, NULL);
    int size = TD_SO_RCVBUF;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
        (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size); /* capped by rmem_max */
    struct timeval tv = {.tv_sec = TD_RECV_TIMEOUT_S};
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int one = 1;
    (void)setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one); /* error text, if any */
    return fd;
}

/*
 * One dump of one family into job->counts[base..] (and records). Returns 0, or a positive errno
 * with job->error set; *retry says whether a fresh attempt may succeed.
 */
static int td_dump_once(struct td_job *job, int family, struct td_buf *buf, int *retry)
{
    *retry = 0;
    int fd = td_open_socket(job, family);
    if (fd < 0) return -fd;

    struct {
        struct nlmsghdr nlh;
        union {
            struct inet_diag_req_v2 v2;
            struct inet_diag_req v1;
        } req;
    } msg;
    memset(&msg, 0, sizeof msg);
    uint32_t seq = __atomic_add_fetch(&td_seq, 1, __ATOMIC_RELAXED);
    msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    msg.nlh.nlmsg_seq = seq;
    if (family == AF_UNSPEC) {
        /* The legacy request: net/ipv4/inet_diag.c inet_diag_dump_compat() turns it into a v2
         * dump with sdiag_family = AF_UNSPEC, i.e. both families in one walk of the tables. */
        msg.nlh.nlmsg_len = NLMSG_LENGTH(sizeof msg.req.v1);
        msg.nlh.nlmsg_type = TCPDIAG_GETSOCK;
        msg.req.v1.idiag_family = AF_INET; /* not used by a dump */
        msg.req.v1.idiag_ext = 0;
        msg.req.v1.idiag_states = TD_STATE_MASK;
    } else {
        msg.nlh.nlmsg_len = NLMSG_LENGTH(sizeof msg.req.v2);
        msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
        msg.req.v2.sdiag_family = (uint8_t)family;
        msg.req.v2.sdiag_protocol = IPPROTO_TCP;
        msg.req.v2.idiag_ext = 0; /* no extensions: no tcp_info, no meminfo */
        msg.req.v2.idiag_states = TD_STATE_MASK;
    }

    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    ssize_t r;
    int eintr = 0;
    do {
        r = sendto(fd, &msg, msg.nlh.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel);
    } while (r < 0 && errno == EINTR && ++eintr < TD_EINTR_LIMIT);
    if (r < 0) {
        int e = errno;
        close(fd);
        *retry = td_retryable(e);
        return td_fail(job, e, "sendto", family, NULL);
    }

    const int want_records = job->flags & TD_FLAG_RECORDS;
    int rc = 0;
    char detail[sizeof job->error.detail];
    for (;;) {
        struct iovec iov = {.iov_base = buf->p, .iov_len = buf->size};
        struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
        ssize_t n;
        eintr = 0;
        do {
            n = recvmsg(fd, &mh, 0);
        } while (n < 0 && errno == EINTR && ++eintr < TD_EINTR_LIMIT);
        if (n < 0) {
            int e = errno;
            if (e == EAGAIN || e == EWOULDBLOCK) {
                snprintf(detail, sizeof detail, "the kernel stopped answering for %d s in the middle of the dump",
                         TD_RECV_TIMEOUT_S);
                rc = td_fail(job, ETIMEDOUT, "recvmsg", family, detail);
            } else {
                *retry = td_retryable(e);
                rc = td_fail(job, e, "recvmsg", family,
                             e == ENOBUFS ? "the socket's receive buffer overflowed: messages were lost" : NULL);
            }
            break;
        }
        if (n == 0) {
            *retry = 1;
            rc = td_fail(job, EPROTO, "recvmsg", family, "end of stream before NLMSG_DONE: truncated dump");
            break;
        }
        if (mh.msg_flags & MSG_TRUNC) {
            /* A message did not fit: it is lost, so start over with a bigger buffer. */
            size_t bigger = buf->size * 4;
            uint8_t *p = bigger <= TD_RECV_BUF_MAX ? realloc(buf->p, bigger) : NULL;
            if (p) {
                buf->p = p;
                buf->size = bigger;
                *retry = 1;
            }
            rc = td_fail(job, EMSGSIZE, "recvmsg", family, "a reply did not fit the receive buffer: truncated dump");
            break;
        }
        job->recv_calls++;
        job->bytes += (uint64_t)n;
        int len = (int)n;
        int done = 0;
        const struct nlmsghdr *h = (const struct nlmsghdr *)buf->p;
        for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
            if (h->nlmsg_seq != seq) continue; /* not an answer to this request */
            if (h->nlmsg_flags & NLM_F_DUMP_INTR) {
                *retry = 1;
                rc = td_fail(job, EINTR, "recvmsg", family, "the kernel flagged the dump as inconsistent (NLM_F_DUMP_INTR)");
                done = 1;
                break;
            }
            if (h->nlmsg_type == SOCK_DIAG_BY_FAMILY || h->nlmsg_type == TCPDIAG_GETSOCK) {
                if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg))) {
                    *retry = 1;
                    rc = td_fail(job, EPROTO, "parse", family, "a socket message shorter than struct inet_diag_msg");
                    done = 1;
                    break;
                }
                const struct inet_diag_msg *m = NLMSG_DATA(h);
                int fam_ok = family == AF_UNSPEC ? (m->idiag_family == AF_INET || m->idiag_family == AF_INET6)
                                                 : m->idiag_family == family;
                if (m->idiag_state >= TD_SLOTS || !fam_ok) {
                    snprintf(detail, sizeof detail, "unexpected socket message (family %u, state %u)",
                             m->idiag_family, m->idiag_state);
                    rc = td_fail(job, EPROTO, "parse", family, detail);
                    done = 1;
                    break;
                }
                job->counts[(m->idiag_family == AF_INET6 ? TD_SLOTS : 0) + m->idiag_state] += 1;
                if (want_records && td_put_record(job, m)) {
                    rc = td_fail(job, ENOMEM, "memory", family, "no memory for the socket records");
                    done = 1;
                    break;
                }
                continue;
            }
            if (h->nlmsg_type == NLMSG_DONE) {
                /* The dump's own status follows the header (netlink_dump_done). */
                int status = 0;
                if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) memcpy(&status, NLMSG_DATA(h), sizeof status);
                if (status < 0) {
                    *retry = td_retryable(-status);
                    rc = td_fail(job, -status, "NLMSG_DONE", family, "the kernel ended the dump with an error");
                }
                done = 1;
                break;
            }
            if (h->nlmsg_type == NLMSG_ERROR) {
                if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
                    *retry = 1;
                    rc = td_fail(job, EPROTO, "parse", family, "a truncated NLMSG_ERROR");
                    done = 1;
                    break;
                }
                const struct nlmsgerr *e = NLMSG_DATA(h);
                if (e->error == 0) continue; /* an ACK: not asked for, harmless */
                int err = -e->error;
                if (err == ENOENT && family == AF_INET6) {
                    /* No AF_INET6 handler: this kernel has no IPv6. Zero IPv6 sockets. */
                    job->ipv6_missing = 1;
                    done = 1;
                    break;
                }
                td_ext_ack(h, detail, sizeof detail);
                *retry = td_retryable(err);
                rc = td_fail(job, err, "NLMSG_ERROR", family, detail[0] ? detail : NULL);
                done = 1;
                break;
            }
            if (h->nlmsg_type == NLMSG_OVERRUN) {
                *retry = 1;
                rc = td_fail(job, ENOBUFS, "recvmsg", family, "NLMSG_OVERRUN: messages were lost");
                done = 1;
                break;
            }
            /* NLMSG_NOOP and anything else: skip */
        }
        if (job->fault && ++job->fault_count == 1 && rc == 0) {
            /* Test hook: fail after the first reply was counted (the partial count must go). */
            int f = job->fault;
            if (f == TD_FAULT_ENOBUFS || (f == TD_FAULT_ENOBUFS_ONCE && job->error.attempts == 0)) {
                *retry = 1;
                rc = td_fail(job, ENOBUFS, "recvmsg", family,
                             "the socket's receive buffer overflowed: messages were lost (injected)");
                break;
            }
            if (f == TD_FAULT_TRUNCATED) {
                *retry = 1;
                rc = td_fail(job, EPROTO, "recvmsg", family,
                             "end of stream before NLMSG_DONE: truncated dump (injected)");
                break;
            }
            if (f == TD_FAULT_INTR_ONCE && job->error.attempts == 0) {
                *retry = 1;
                rc = td_fail(job, EINTR, "recvmsg", family,
                             "the kernel flagged the dump as inconsistent (NLM_F_DUMP_INTR, injected)");
                break;
            }
            if (f == TD_FAULT_EPERM) {
                rc = td_fail(job, EPERM, "NLMSG_ERROR", family, "injected");
                break;
            }
        }

        if (done) break;
        if (len > 0) {
            /* Bytes left that do not form a whole message. */
            *retry = 1;
            rc = td_fail(job, EPROTO, "parse", family, "a truncated netlink message");
            break;
        }
    }
    close(fd);
    return rc;
}

/* Dump one family (AF_UNSPEC: both, in one walk), restarting on retryable failures. */
static int td_dump_family(struct td_job *job, int family, struct td_buf *buf)
{
    job->error.attempts = 0;
    double *counts = job->counts + (family == AF_INET6 ? TD_SLOTS : 0);
    size_t nslots = family == AF_UNSPEC ? 2 * TD_SLOTS : TD_SLOTS;
    size_t records_mark = job->records_len;
    int rc = 0;
    for (int attempt = 1; attempt <= TD_MAX_ATTEMPTS; attempt++) {
        memset(counts, 0, nslots * sizeof *counts);
        job->records_len = records_mark;
        int retry = 0;
        job->fault_count = 0;
        rc = td_dump_once(job, family, buf, &retry);
        job->error.attempts = attempt;
        if (rc == 0) {
            job->error.err = 0;
            return 0;
        }
        if (!retry) break;
        if (attempt < TD_MAX_ATTEMPTS) job->retries++;
    }
    return rc;
}

int td_run(struct td_job *job)
{
    double t0 = td_now_ms();
    memset(job->counts, 0, sizeof job->counts);
    memset(&job->error, 0, sizeof job->error);
    if (job->nsfd >= 0 && setns(job->nsfd, CLONE_NEWNET) < 0)
        return td_fail(job, errno, "setns", 0, NULL);

    /* This thread's own /proc entry (/proc/thread-self needs Linux 3.17; this works everywhere). */
    char self[64];
    snprintf(self, sizeof self, "/proc/self/task/%ld", (long)syscall(SYS_gettid));
    char path[96];
    struct stat st;
    snprintf(path, sizeof path, "%s/ns/net", self);
    if (job->nsfd >= 0 ? fstat(job->nsfd, &st) == 0 : stat(path, &st) == 0)
        job->netns_inode = (uint64_t)st.st_ino;

    struct td_buf buf = {.p = malloc(TD_RECV_BUF), .size = TD_RECV_BUF};
    if (!buf.p) return td_fail(job, ENOMEM, "memory", 0, NULL);
    int rc = -1;
    if (!(job->flags & TD_FLAG_PER_FAMILY)) {
        job->method = TD_METHOD_SINGLE_WALK;
        rc = td_dump_family(job, AF_UNSPEC, &buf);
        /* A kernel without the legacy request (or one day without DCCP/TCP compat) says so
         * up front: use the per-family requests instead. */
        if (rc != 0 && job->error.stage && strcmp(job->error.stage, "NLMSG_ERROR") == 0 &&
            (rc == EINVAL || rc == EOPNOTSUPP || rc == ENOENT || rc == EPROTONOSUPPORT) &&
            job->recv_calls <= 1) {
            memset(&job->error, 0, sizeof job->error);
            job->records_len = 0;
            rc = -1;
        } else if (rc == 0) {
            /* One walk cannot tell "no IPv6 sockets" from "no IPv6": ask /proc of this thread's
             * namespace, which has no tcp6 table when IPv6 is disabled. */
            double v6 = 0;
            for (int i = 0; i < TD_SLOTS; i++) v6 += job->counts[TD_SLOTS + i];
            char net[96], tcp6[112];
            snprintf(net, sizeof net, "%s/net", self);
            snprintf(tcp6, sizeof tcp6, "%s/net/tcp6", self);
            job->ipv6_missing = v6 == 0 && access(net, F_OK) == 0 && access(tcp6, F_OK) != 0 && errno == ENOENT;
        }
    }
    if (rc == -1) {
        job->method = TD_METHOD_PER_FAMILY;
        rc = td_dump_family(job, AF_INET, &buf);
        if (rc == 0) rc = td_dump_family(job, AF_INET6, &buf);
    }
    free(buf.p);
    job->elapsed_ms = td_now_ms() - t0;
    return rc;
}

static void *td_thread_main(void *arg)
{
    td_run((struct td_job *)arg);
    return NULL;
}

int td_start(struct td_job *job)
{
    pthread_attr_t attr;
    if (pthread_attr_init(&attr)) return EAGAIN;
    pthread_attr_setstacksize(&attr, 256u << 10);
    /* Signals stay with Node's threads: block them all here; the new thread inherits the mask. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&job->thread, &attr, td_thread_main, job);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (rc) return rc;
    job->started = 1;
    return 0;
}

void td_join(struct td_job *job)
{
    if (job->started && !job->joined) {
        pthread_join(job->thread, NULL);
        job->joined = 1;
    }
}

void td_release(struct td_job *job)
{
    free(job->records);
    job->records = NULL;
    job->records_len = job->records_cap = 0;
    if (job->nsfd >= 0) close(job->nsfd);
    job->nsfd = -1;
}

int td_fault_parse(const char *name)
{
    static const struct {
        const char *name;
        int fault;
    } faults[] = {
        {"enobufs-once", TD_FAULT_ENOBUFS_ONCE}, {"enobufs", TD_FAULT_ENOBUFS}, {"truncated", TD_FAULT_TRUNCATED},
        {"intr-once", TD_FAULT_INTR_ONCE},       {"eperm", TD_FAULT_EPERM},
    };
    for (size_t i = 0; name && i < sizeof faults / sizeof faults[0]; i++)
        if (strcmp(name, faults[i].name) == 0) return faults[i].fault;
    return TD_FAULT_NONE;
}

const char *td_errno_name(int err)
{
    switch (err) {
#define TD_E(x) \
    case x:     \
        return #x;
        TD_E(EPERM) TD_E(ENOENT) TD_E(ESRCH) TD_E(EINTR) TD_E(EIO) TD_E(EBADF) TD_E(EAGAIN) TD_E(ENOMEM)
        TD_E(EACCES) TD_E(EBUSY) TD_E(EINVAL) TD_E(ENFILE) TD_E(EMFILE) TD_E(ENOSYS) TD_E(EPROTO)
        TD_E(EMSGSIZE) TD_E(EPROTONOSUPPORT) TD_E(EOPNOTSUPP) TD_E(EAFNOSUPPORT) TD_E(ENOBUFS)
        TD_E(ETIMEDOUT) TD_E(ENOTSOCK)
#undef TD_E
    default:
        return NULL;
    }
}
