// Raw and packet sockets (spoofing, sniffing): refused without CAP_NET_RAW.
#include "probe.h"
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/if_ether.h>
int main(void) {
    require_sandbox();
    result("raw_icmp", socket(AF_INET, SOCK_RAW, IPPROTO_ICMP), 0);
    result("raw_tcp", socket(AF_INET, SOCK_RAW, IPPROTO_TCP), 0);
    result("raw_ipv6", socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6), 0);
    result("packet", socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)), 0);
    return 0;
}
