/* diagdump.c - the raw C baseline of bench/census.mjs: per-state TCP counts from NETLINK_SOCK_DIAG,
 * printed as "STATE count" lines. No Node, no formatting work: the practical floor for a census.
 *
 *   gcc -O2 -o bench/out/diagdump bench/diagdump.c
 *   diagdump                one inet_diag_req_v2 dump per family (AF_INET, AF_INET6), as ss does
 *   diagdump --single-walk  one legacy TCPDIAG_GETSOCK dump: both families in one walk
 *
 * States 1..11 (mask 0xFFE), no extensions, a 64 KiB receive buffer. Exits 1 on any error.
 */
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char buf[64 << 10];
static unsigned long counts[16];
static const char *const names[16] = {"?",          "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
                                      "TIME_WAIT",  "CLOSE",       "CLOSE_WAIT", "LAST_ACK", "LISTEN",  "CLOSING",
                                      "12",         "13",          "14",         "15"};

static int dump(int family)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0) return -errno;
    struct {
        struct nlmsghdr h;
        union {
            struct inet_diag_req_v2 v2;
            struct inet_diag_req v1;
        } r;
    } m;
    memset(&m, 0, sizeof m);
    m.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    m.h.nlmsg_seq = 1;
    if (family == AF_UNSPEC) {
        m.h.nlmsg_type = TCPDIAG_GETSOCK;
        m.h.nlmsg_len = NLMSG_LENGTH(sizeof m.r.v1);
        m.r.v1.idiag_family = AF_INET;
        m.r.v1.idiag_states = 0xFFE;
    } else {
        m.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
        m.h.nlmsg_len = NLMSG_LENGTH(sizeof m.r.v2);
        m.r.v2.sdiag_family = (unsigned char)family;
        m.r.v2.sdiag_protocol = IPPROTO_TCP;
        m.r.v2.idiag_states = 0xFFE;
    }
    struct sockaddr_nl k = {.nl_family = AF_NETLINK};
    if (sendto(fd, &m, m.h.nlmsg_len, 0, (struct sockaddr *)&k, sizeof k) < 0) return -errno;
    for (;;) {
        int n = (int)recv(fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return n < 0 ? -errno : -EIO;
        for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == NLMSG_DONE) {
                close(fd);
                return 0;
            }
            if (h->nlmsg_type == NLMSG_ERROR) {
                close(fd);
                return ((struct nlmsgerr *)NLMSG_DATA(h))->error ?: -EIO;
            }
            counts[((struct inet_diag_msg *)NLMSG_DATA(h))->idiag_state & 15]++;
        }
    }
}

int main(int argc, char **argv)
{
    int rc = argc > 1 && strcmp(argv[1], "--single-walk") == 0 ? dump(AF_UNSPEC) : dump(AF_INET);
    if (rc == 0 && !(argc > 1 && strcmp(argv[1], "--single-walk") == 0)) rc = dump(AF_INET6);
    if (rc) {
        fprintf(stderr, "diagdump: %s\n", strerror(-rc));
        return 1;
    }
    for (int s = 1; s < 16; s++)
        if (counts[s]) printf("%s %lu\n", names[s], counts[s]);
    return 0;
}
