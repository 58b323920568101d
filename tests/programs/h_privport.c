// Binding privileged ports (< 1024): refused without CAP_NET_BIND_SERVICE; 8080 works.
#include "probe.h"
#include <arpa/inet.h>
#include <sys/socket.h>
static void try(const char *name, int type, int port) {
    int fd = socket(AF_INET, type, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    result(name, bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    close(fd);
}
int main(void) {
    require_sandbox();
    try("bind_tcp_80", SOCK_STREAM, 80);
    try("bind_tcp_22", SOCK_STREAM, 22);
    try("bind_udp_53", SOCK_DGRAM, 53);
    try("bind_tcp_8080", SOCK_STREAM, 8080);
    return 0;
}
