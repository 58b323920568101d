// Exercises the simulated internet: DNS, HTTP GET and POST, raw TCP, UDP, a TLS ClientHello with SNI.
// Only reserved names (*.example) and 198.51.100.0/24. Every step tolerates failure (network mode none).
#include "probe.h"
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>

static int resolve(const char *name, struct sockaddr_in *out) {
    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res = NULL;
    if (getaddrinfo(name, NULL, &hints, &res) != 0 || !res) { printf("resolve %s=FAIL\n", name); return -1; }
    *out = *(struct sockaddr_in *)res->ai_addr;
    freeaddrinfo(res);
    printf("resolve %s=%s\n", name, inet_ntoa(out->sin_addr));
    return 0;
}

static int dial(struct sockaddr_in a, int port) {
    a.sin_port = htons(port);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct timeval tv = { 3, 0 };
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) { close(s); return -1; }
    return s;
}

static void exchange(const char *label, struct sockaddr_in a, int port, const void *req, size_t len, int read_reply) {
    int s = dial(a, port);
    if (s < 0) { printf("%s=CONNECT_FAIL\n", label); return; }
    (void)!send(s, req, len, 0);
    char buf[512] = "";
    if (read_reply) {
        ssize_t n = recv(s, buf, sizeof buf - 1, 0);
        if (n > 0) { buf[n] = 0; buf[strcspn(buf, "\r\n")] = 0; }
    }
    printf("%s=%s\n", label, buf[0] ? buf : "SENT");
    close(s);
}

static size_t client_hello(unsigned char *p, const char *sni) {
    unsigned char body[512];
    size_t n = 0, sl = strlen(sni);
    body[n++] = 0x03; body[n++] = 0x03;
    for (int i = 0; i < 32; i++) body[n++] = (unsigned char)(i * 7);
    body[n++] = 0;                                   // session id
    body[n++] = 0; body[n++] = 4;                    // cipher suites
    body[n++] = 0x13; body[n++] = 0x01; body[n++] = 0xc0; body[n++] = 0x2f;
    body[n++] = 1; body[n++] = 0;                    // compression
    size_t ext_len_at = n; n += 2;
    size_t ext_start = n;
    body[n++] = 0; body[n++] = 0;                    // server_name
    body[n++] = 0; body[n++] = (unsigned char)(sl + 5);
    body[n++] = 0; body[n++] = (unsigned char)(sl + 3);
    body[n++] = 0; body[n++] = 0; body[n++] = (unsigned char)sl;
    memcpy(body + n, sni, sl); n += sl;
    const unsigned char alpn[] = { 0x00, 0x10, 0x00, 0x0e, 0x00, 0x0c, 2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1' };
    memcpy(body + n, alpn, sizeof alpn); n += sizeof alpn;
    size_t el = n - ext_start;
    body[ext_len_at] = (unsigned char)(el >> 8); body[ext_len_at + 1] = (unsigned char)el;
    size_t m = 0;
    p[m++] = 0x16; p[m++] = 0x03; p[m++] = 0x01;
    p[m++] = (unsigned char)((n + 4) >> 8); p[m++] = (unsigned char)(n + 4);
    p[m++] = 0x01; p[m++] = 0; p[m++] = (unsigned char)(n >> 8); p[m++] = (unsigned char)n;
    memcpy(p + m, body, n);
    return m + n;
}

int main(void) {
    require_sandbox();
    struct sockaddr_in c2, tls;
    int have_c2 = resolve("c2.example", &c2) == 0;
    int have_tls = resolve("secure.example", &tls) == 0;
    if (have_c2) {
        const char *get = "GET /update.bin?id=7 HTTP/1.1\r\nHost: c2.example\r\nUser-Agent: petri-netclient\r\nConnection: close\r\n\r\n";
        exchange("http_get", c2, 80, get, strlen(get), 1);
        const char *post = "POST /upload HTTP/1.1\r\nHost: c2.example\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello world";
        exchange("http_post", c2, 80, post, strlen(post), 1);
    }
    struct sockaddr_in lit = { .sin_family = AF_INET };
    inet_pton(AF_INET, "198.51.100.5", &lit.sin_addr);
    exchange("raw_tcp", lit, 4444, "BEACON 1\n", 9, 0);
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    lit.sin_port = htons(9999);
    long r = sendto(u, "ping-udp", 8, 0, (struct sockaddr *)&lit, sizeof lit);
    printf("udp=%s\n", r == 8 ? "SENT" : "FAIL");
    close(u);
    if (have_tls) {
        unsigned char hello[600];
        size_t len = client_hello(hello, "secure.example");
        exchange("tls", tls, 443, hello, len, 0);
    }
    return 0;
}
