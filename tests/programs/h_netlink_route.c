// Route and address changes over AF_NETLINK: refused (no CAP_NET_ADMIN), and only ever in the
// sandbox's own network namespace. Adds a route to 198.51.100.0/24 via lo.
#include "probe.h"
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
static int nl_ack(int fd) {
    char buf[4096];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0) return -errno;
    struct nlmsghdr *h = (struct nlmsghdr *)buf;
    if (h->nlmsg_type == NLMSG_ERROR) return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
    return 1;
}
static void ack(const char *name, int fd) {
    int e = nl_ack(fd);
    if (e == 0) printf("%s=OK\n", name);
    else if (e < 0) printf("%s=%s\n", name, -e == EPERM ? "EPERM" : strerror(-e));
    else printf("%s=NOACK\n", name);
}
int main(void) {
    require_sandbox();
    int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
    if (fd < 0) { printf("netlink_socket=%s\n", strerror(errno)); return 0; }
    struct { struct nlmsghdr h; struct rtmsg r; char attrs[64]; } req;
    memset(&req, 0, sizeof req);
    req.h.nlmsg_type = RTM_NEWROUTE;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
    req.h.nlmsg_seq = 1;
    req.r.rtm_family = AF_INET; req.r.rtm_dst_len = 24; req.r.rtm_table = RT_TABLE_MAIN;
    req.r.rtm_protocol = RTPROT_BOOT; req.r.rtm_scope = RT_SCOPE_LINK; req.r.rtm_type = RTN_UNICAST;
    struct rtattr *a = (struct rtattr *)req.attrs;
    a->rta_type = RTA_DST; a->rta_len = RTA_LENGTH(4);
    inet_pton(AF_INET, "198.51.100.0", RTA_DATA(a));
    struct rtattr *b = (struct rtattr *)(req.attrs + RTA_ALIGN(a->rta_len));
    b->rta_type = RTA_OIF; b->rta_len = RTA_LENGTH(4);
    int lo = (int)if_nametoindex("lo");
    memcpy(RTA_DATA(b), &lo, 4);
    req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg)) + RTA_ALIGN(a->rta_len) + RTA_ALIGN(b->rta_len);
    send(fd, &req, req.h.nlmsg_len, 0);
    ack("rtm_newroute", fd);
    // and an address on lo
    struct { struct nlmsghdr h; struct ifaddrmsg i; char attrs[32]; } ad;
    memset(&ad, 0, sizeof ad);
    ad.h.nlmsg_type = RTM_NEWADDR;
    ad.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE;
    ad.h.nlmsg_seq = 2;
    ad.i.ifa_family = AF_INET; ad.i.ifa_prefixlen = 24; ad.i.ifa_index = (unsigned)lo;
    a = (struct rtattr *)ad.attrs;
    a->rta_type = IFA_LOCAL; a->rta_len = RTA_LENGTH(4);
    inet_pton(AF_INET, "198.51.100.7", RTA_DATA(a));
    ad.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg)) + RTA_ALIGN(a->rta_len);
    send(fd, &ad, ad.h.nlmsg_len, 0);
    ack("rtm_newaddr", fd);
    return 0;
}
