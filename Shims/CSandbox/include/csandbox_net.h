#ifndef CSANDBOX_NET_H
#define CSANDBOX_NET_H
// Network-namespace helpers for the simulated internet (PetriNet). Every function returns 0 or a
// positive errno; results go through out-parameters.
#include <stdint.h>
#include <sys/socket.h>

// C: setns() must run on a dedicated OS thread; a Swift task may hop threads mid-call.
int sbx_net_new_netns(int *out_fd);

// C: setns() on a short-lived pthread plus the SIOCSIFFLAGS ioctl, whose request struct is a union.
int sbx_net_lo_up(int netns_fd);

// C: rtnetlink messages are built with NLMSG_*/RTA_* macros.
int sbx_net_add_local_default_routes(int netns_fd, int *out_v6_errno);

// C: rtnetlink RTM_NEWADDR built with NLMSG_*/RTA_* macros. Adds `addr` (4 or 16 bytes, by family)
// with `prefix_len` to lo, so getaddrinfo's AI_ADDRCONFIG sees a configured non-loopback address.
int sbx_net_add_lo_address(int netns_fd, int family, const uint8_t *addr, int prefix_len);

// C: the socket must be created on a thread that has entered the target netns (setns on a pthread).
int sbx_net_socket(int netns_fd, int domain, int type, int protocol, int *out_fd);

// C: as sbx_net_socket, for `count` sockets with one setns (setns costs far more than socket()).
// On failure every socket made so far is closed and out_fds is left all -1.
int sbx_net_socket_batch(int netns_fd, int count, const int *domains, const int *types, int *out_fds);

// C: AF_PACKET bound to the netns's lo; created on a pthread that has entered the netns.
int sbx_net_packet_socket(int netns_fd, int *out_fd, int *out_ifindex);

// C: reads sockaddr_ll.sll_pkttype; returns EAGAIN on timeout. *out_outgoing is 1 for PACKET_OUTGOING.
int sbx_net_packet_recv(int fd, uint8_t *buf, int cap, int timeout_ms, int *out_len, int *out_wire_len,
                        int *out_outgoing, int64_t *out_sec, int64_t *out_usec);

// C: IP_RECVORIGDSTADDR arrives as a control message, parsed with the CMSG_* macros.
int sbx_net_recv_origdst(int fd, uint8_t *buf, int cap, int *out_len, struct sockaddr_storage *out_src,
                         struct sockaddr_storage *out_dst);

// C: sets IP_TRANSPARENT / IPV6_TRANSPARENT and IP(V6)_RECVORIGDSTADDR, whose constants glibc hides.
int sbx_net_set_transparent(int fd, int ipv6, int recv_origdst);
#endif
