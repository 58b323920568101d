// Network-namespace helpers: run a small job on a pthread that has entered the target netns, so the
// caller's own thread (a Swift executor thread) never changes namespace.
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/if_packet.h>
#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include "csandbox_net.h"

#ifndef IP_TRANSPARENT
#define IP_TRANSPARENT 19
#endif
#ifndef IP_RECVORIGDSTADDR
#define IP_RECVORIGDSTADDR 20
#endif
#ifndef IP_ORIGDSTADDR
#define IP_ORIGDSTADDR 20
#endif
#ifndef IPV6_TRANSPARENT
#define IPV6_TRANSPARENT 75
#endif
#ifndef IPV6_RECVORIGDSTADDR
#define IPV6_RECVORIGDSTADDR 74
#endif
#ifndef IPV6_ORIGDSTADDR
#define IPV6_ORIGDSTADDR 74
#endif

struct job {
    int netns_fd;          // -1: create a new netns (unshare) instead of entering one
    int (*fn)(struct job *);
    int domain, type, protocol;
    int out_fd, out_aux;
    void *out_aux_ptr;
    int err;
};

static void *job_thread(void *arg) {
    struct job *j = arg;
    if (j->netns_fd < 0) {
        if (unshare(CLONE_NEWNET) != 0) { j->err = errno; return NULL; }
    } else if (setns(j->netns_fd, CLONE_NEWNET) != 0) {
        j->err = errno; return NULL;
    }
    j->err = j->fn(j);
    return NULL;  // the thread ends here, so its changed netns dies with it
}

static int run_job(struct job *j) {
    pthread_t t;
    int rc = pthread_create(&t, NULL, job_thread, j);
    if (rc != 0) return rc;
    pthread_join(t, NULL);
    return j->err;
}

static int job_open_netns(struct job *j) {
    int fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    j->out_fd = fd;
    return 0;
}

int sbx_net_new_netns(int *out_fd) {
    struct job j = { .netns_fd = -1, .fn = job_open_netns, .out_fd = -1 };
    int rc = run_job(&j);
    if (rc == 0) *out_fd = j.out_fd;
    return rc;
}

static int job_lo_up(struct job *j) {
    (void)j;
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return errno;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    int rc = 0;
    if (ioctl(s, SIOCGIFFLAGS, &ifr) != 0) rc = errno;
    else {
        ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
        if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0) rc = errno;
    }
    close(s);
    return rc;
}

int sbx_net_lo_up(int netns_fd) {
    if (netns_fd < 0) return EBADF;
    struct job j = { .netns_fd = netns_fd, .fn = job_lo_up };
    return run_job(&j);
}

// Equivalent of `ip route add local 0.0.0.0/0 dev lo` (family AF_INET) or `ip -6 route add local ::/0 dev lo`.
static int add_local_default(int nl, int family, int ifindex, unsigned seq) {
    struct {
        struct nlmsghdr nh;
        struct rtmsg rt;
        char attrs[64];
    } req;
    memset(&req, 0, sizeof req);
    req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
    req.nh.nlmsg_type = RTM_NEWROUTE;
    req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
    req.nh.nlmsg_seq = seq;
    req.rt.rtm_family = (unsigned char)family;
    req.rt.rtm_dst_len = 0;
    req.rt.rtm_table = RT_TABLE_MAIN;
    req.rt.rtm_protocol = RTPROT_BOOT;
    req.rt.rtm_scope = RT_SCOPE_HOST;
    req.rt.rtm_type = RTN_LOCAL;
    struct rtattr *rta = (struct rtattr *)((char *)&req + NLMSG_ALIGN(req.nh.nlmsg_len));
    rta->rta_type = RTA_OIF;
    rta->rta_len = RTA_LENGTH(sizeof(int));
    memcpy(RTA_DATA(rta), &ifindex, sizeof(int));
    req.nh.nlmsg_len = NLMSG_ALIGN(req.nh.nlmsg_len) + RTA_ALIGN(rta->rta_len);

    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    if (sendto(nl, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) return errno;
    char buf[4096];
    for (;;) {
        ssize_t n = recv(nl, buf, sizeof buf, 0);
        if (n < 0) { if (errno == EINTR) continue; return errno; }
        for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned)n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_seq != seq) continue;
            if (h->nlmsg_type == NLMSG_ERROR) {
                struct nlmsgerr *e = NLMSG_DATA(h);
                return e->error == 0 ? 0 : -e->error;
            }
        }
    }
}

static int job_routes(struct job *j) {
    int ifindex = (int)if_nametoindex("lo");
    if (ifindex == 0) return errno ? errno : ENODEV;
    int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (nl < 0) return errno;
    struct timeval tv = { .tv_sec = 2, .tv_usec = 0 };
    setsockopt(nl, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int rc = add_local_default(nl, AF_INET, ifindex, 1);
    if (rc == EEXIST) rc = 0;
    int rc6 = add_local_default(nl, AF_INET6, ifindex, 2);
    if (rc6 == EEXIST) rc6 = 0;
    close(nl);
    j->out_aux = rc6;
    return rc;
}

int sbx_net_add_local_default_routes(int netns_fd, int *out_v6_errno) {
    if (netns_fd < 0) return EBADF;
    struct job j = { .netns_fd = netns_fd, .fn = job_routes };
    int rc = run_job(&j);
    if (out_v6_errno) *out_v6_errno = j.out_aux;
    return rc;
}

struct addr_req { int family; const uint8_t *addr; int prefix_len; };

static int job_address(struct job *j) {
    struct addr_req *a = j->out_aux_ptr;
    int ifindex = (int)if_nametoindex("lo");
    if (ifindex == 0) return errno ? errno : ENODEV;
    int alen = a->family == AF_INET ? 4 : 16;
    struct {
        struct nlmsghdr nh;
        struct ifaddrmsg ifa;
        char attrs[64];
    } req;
    memset(&req, 0, sizeof req);
    req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg));
    req.nh.nlmsg_type = RTM_NEWADDR;
    req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
    req.nh.nlmsg_seq = 3;
    req.ifa.ifa_family = (unsigned char)a->family;
    req.ifa.ifa_prefixlen = (unsigned char)a->prefix_len;
    req.ifa.ifa_flags = IFA_F_PERMANENT | (a->family == AF_INET6 ? IFA_F_NODAD : 0);
    req.ifa.ifa_scope = RT_SCOPE_UNIVERSE;
    req.ifa.ifa_index = (unsigned)ifindex;
    unsigned short types[2] = { IFA_LOCAL, IFA_ADDRESS };
    for (int i = 0; i < 2; i++) {
        struct rtattr *rta = (struct rtattr *)((char *)&req + NLMSG_ALIGN(req.nh.nlmsg_len));
        rta->rta_type = types[i];
        rta->rta_len = RTA_LENGTH(alen);
        memcpy(RTA_DATA(rta), a->addr, (size_t)alen);
        req.nh.nlmsg_len = NLMSG_ALIGN(req.nh.nlmsg_len) + RTA_ALIGN(rta->rta_len);
    }
    int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (nl < 0) return errno;
    struct timeval tv = { .tv_sec = 2, .tv_usec = 0 };
    setsockopt(nl, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    int rc = 0;
    if (sendto(nl, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) rc = errno;
    while (rc == 0) {
        char buf[4096];
        ssize_t n = recv(nl, buf, sizeof buf, 0);
        if (n < 0) { if (errno == EINTR) continue; rc = errno; break; }
        int found = 0;
        for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned)n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_seq != 3 || h->nlmsg_type != NLMSG_ERROR) continue;
            struct nlmsgerr *e = NLMSG_DATA(h);
            rc = e->error == 0 ? 0 : -e->error;
            found = 1;
        }
        if (found) break;
    }
    close(nl);
    return rc == EEXIST ? 0 : rc;
}

int sbx_net_add_lo_address(int netns_fd, int family, const uint8_t *addr, int prefix_len) {
    if (netns_fd < 0) return EBADF;
    if ((family != AF_INET && family != AF_INET6) || !addr) return EINVAL;
    struct addr_req a = { .family = family, .addr = addr, .prefix_len = prefix_len };
    struct job j = { .netns_fd = netns_fd, .fn = job_address, .out_aux_ptr = &a };
    return run_job(&j);
}

static int job_socket(struct job *j) {
    int fd = socket(j->domain, j->type | SOCK_CLOEXEC, j->protocol);
    if (fd < 0) return errno;
    j->out_fd = fd;
    return 0;
}

int sbx_net_socket(int netns_fd, int domain, int type, int protocol, int *out_fd) {
    if (netns_fd < 0) return EBADF;
    struct job j = { .netns_fd = netns_fd, .fn = job_socket, .domain = domain, .type = type, .protocol = protocol, .out_fd = -1 };
    int rc = run_job(&j);
    if (rc == 0) *out_fd = j.out_fd;
    return rc;
}

struct batch { int count; const int *domains; const int *types; int *out; };

static int job_batch(struct job *j) {
    struct batch *b = (struct batch *)j->out_aux_ptr;
    for (int i = 0; i < b->count; i++) b->out[i] = -1;
    for (int i = 0; i < b->count; i++) {
        int fd = socket(b->domains[i], b->types[i] | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            int e = errno;
            for (int k = 0; k < i; k++) { close(b->out[k]); b->out[k] = -1; }
            return e;
        }
        b->out[i] = fd;
    }
    return 0;
}

int sbx_net_socket_batch(int netns_fd, int count, const int *domains, const int *types, int *out_fds) {
    if (netns_fd < 0) return EBADF;
    if (count < 0 || (count > 0 && (!domains || !types || !out_fds))) return EINVAL;
    struct batch b = { .count = count, .domains = domains, .types = types, .out = out_fds };
    struct job j = { .netns_fd = netns_fd, .fn = job_batch, .out_aux_ptr = &b };
    return run_job(&j);
}

static int job_packet(struct job *j) {
    int ifindex = (int)if_nametoindex("lo");
    if (ifindex == 0) return errno ? errno : ENODEV;
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
    if (fd < 0) return errno;
    struct sockaddr_ll sll;
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = ifindex;
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) != 0) { int e = errno; close(fd); return e; }
    int rcvbuf = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf);
    j->out_fd = fd;
    j->out_aux = ifindex;
    return 0;
}

int sbx_net_packet_socket(int netns_fd, int *out_fd, int *out_ifindex) {
    if (netns_fd < 0) return EBADF;
    struct job j = { .netns_fd = netns_fd, .fn = job_packet, .out_fd = -1 };
    int rc = run_job(&j);
    if (rc == 0) { *out_fd = j.out_fd; if (out_ifindex) *out_ifindex = j.out_aux; }
    return rc;
}

int sbx_net_packet_recv(int fd, uint8_t *buf, int cap, int timeout_ms, int *out_len, int *out_wire_len,
                        int *out_outgoing, int64_t *out_sec, int64_t *out_usec) {
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int pr;
    do { pr = poll(&p, 1, timeout_ms); } while (pr < 0 && errno == EINTR);
    if (pr < 0) return errno;
    if (pr == 0) return EAGAIN;
    struct sockaddr_ll from;
    socklen_t fl = sizeof from;
    ssize_t n;
    do { n = recvfrom(fd, buf, (size_t)cap, MSG_TRUNC | MSG_DONTWAIT, (struct sockaddr *)&from, &fl); } while (n < 0 && errno == EINTR);
    if (n < 0) return errno;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    *out_wire_len = (int)n;
    *out_len = n > cap ? cap : (int)n;
    *out_outgoing = from.sll_pkttype == PACKET_OUTGOING;
    *out_sec = tv.tv_sec;
    *out_usec = tv.tv_usec;
    return 0;
}

int sbx_net_recv_origdst(int fd, uint8_t *buf, int cap, int *out_len, struct sockaddr_storage *out_src,
                         struct sockaddr_storage *out_dst) {
    struct iovec iov = { .iov_base = buf, .iov_len = (size_t)cap };
    char control[256];
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    memset(out_dst, 0, sizeof *out_dst);
    msg.msg_name = out_src;
    msg.msg_namelen = sizeof *out_src;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n;
    do { n = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_TRUNC); } while (n < 0 && errno == EINTR);
    if (n < 0) return errno;
    *out_len = (int)n;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_ORIGDSTADDR)
            memcpy(out_dst, CMSG_DATA(c), sizeof(struct sockaddr_in));
        else if (c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_ORIGDSTADDR)
            memcpy(out_dst, CMSG_DATA(c), sizeof(struct sockaddr_in6));
    }
    return 0;
}

int sbx_net_set_transparent(int fd, int ipv6, int recv_origdst) {
    int one = 1;
    if (ipv6) {
        if (setsockopt(fd, SOL_IPV6, IPV6_TRANSPARENT, &one, sizeof one) != 0) return errno;
        if (recv_origdst && setsockopt(fd, SOL_IPV6, IPV6_RECVORIGDSTADDR, &one, sizeof one) != 0) return errno;
    } else {
        if (setsockopt(fd, SOL_IP, IP_TRANSPARENT, &one, sizeof one) != 0) return errno;
        if (recv_origdst && setsockopt(fd, SOL_IP, IP_RECVORIGDSTADDR, &one, sizeof one) != 0) return errno;
    }
    return 0;
}
