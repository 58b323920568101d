// TCP connect to 198.51.100.5:80 (a documentation address; nothing can answer in `none` mode).
#include "probe.h"
#include <arpa/inet.h>
#include <sys/socket.h>
int main(void) {
    require_sandbox();
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(80) };
    inet_pton(AF_INET, "198.51.100.5", &a.sin_addr);
    result("connect", connect(s, (struct sockaddr *)&a, sizeof a), 0);
    return 0;
}
