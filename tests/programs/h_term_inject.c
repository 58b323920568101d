// Terminal injection (issue 19): puts escape sequences, carriage returns, new lines, C1 controls and
// bidi overrides into every string of the record it controls (argv, its process name, file names, a
// DNS name, an HTTP path and Host, stdout), each followed by "FORGED" so that a summary which lets one
// through shows a forged line start. Harmless: it writes two empty files in its cwd and talks only
// to the sandbox's simulated internet (*.example names), each call bounded by a 2 s timeout.
#include "probe.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#define INJECT "\x1b[2J\x1b[H\x1b]0;owned\x07\rFORGED"

static void timeouts(int s) {
    struct timeval tv = { .tv_sec = 2 };
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

// A DNS query for a name whose first label holds an escape sequence, sent to the resolver itself
// (a stub resolver would refuse such a name; a sample writes the bytes it wants).
static void dns_query(void) {
    char ns[64] = "127.0.0.1", line[256];
    FILE *f = fopen("/etc/resolv.conf", "r");
    if (f) {
        while (fgets(line, sizeof line, f)) if (sscanf(line, "nameserver %63s", ns) == 1) break;
        fclose(f);
    }
    unsigned char q[128] = { 0x13, 0x37, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
    size_t n = 12;
    const char label[] = "\x1b[2J\rFORGED";
    q[n++] = (unsigned char)(sizeof label - 1); memcpy(q + n, label, sizeof label - 1); n += sizeof label - 1;
    q[n++] = 7; memcpy(q + n, "example", 7); n += 7;
    q[n++] = 0; q[n++] = 0; q[n++] = 1; q[n++] = 0; q[n++] = 1;
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(53) };
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0 || inet_pton(AF_INET, ns, &a.sin_addr) != 1) { printf("dns=skipped\n"); if (s >= 0) close(s); return; }
    timeouts(s);
    sendto(s, q, n, 0, (struct sockaddr *)&a, sizeof a);
    unsigned char r[512];
    printf("dns=%s\n", recv(s, r, sizeof r, 0) > 0 ? "answered" : "no answer");
    close(s);
}

static void http_request(void) {
    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res = NULL;
    if (getaddrinfo("term-inject.example", "80", &hints, &res) != 0 || !res) { printf("http=no address\n"); return; }
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeouts(s);
    if (s >= 0 && connect(s, res->ai_addr, res->ai_addrlen) == 0) {
        const char req[] = "GET /" INJECT "-http HTTP/1.1\r\nHost: term-inject.example\r\nUser-Agent: " INJECT "-ua\r\nConnection: close\r\n\r\n";
        send(s, req, sizeof req - 1, 0);
        char buf[1024];
        printf("http=%s\n", recv(s, buf, sizeof buf, 0) > 0 ? "answered" : "no answer");
    } else printf("http=%s\n", strerror(errno));
    if (s >= 0) close(s);
    freeaddrinfo(res);
}

int main(int argc, char **argv) {
    require_sandbox();
    if (argc < 2 || strcmp(argv[1], "stage2") != 0) {
        // argv[0] and an argument the process record and the execve event keep
        char *args[] = { "inject" INJECT "-argv0", "stage2", INJECT "-argv\nFORGED-argv-line", NULL };
        execv("/proc/self/exe", args);
        printf("exec=%s\n", strerror(errno));
        return 1;
    }
    prctl(PR_SET_NAME, "\x1b[2J\rFORGED", 0, 0, 0);
    int fd = open(INJECT "-file\nFORGED-file-line", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    if (fd >= 0) close(fd);
    // a right-to-left override: "report\u202Eexe.txt" reads as "reporttxt.exe"
    fd = open("report\xe2\x80\xae" "exe.txt", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    if (fd >= 0) close(fd);
    dns_query();
    http_request();
    // stdout: a screen clear, a carriage return over the line, an 8-bit CSI (C1) and a title change
    printf("out=" INJECT "-stdout\n\xc2\x9b" "31m\x1b]0;title\x07\rFORGED-stdout-2\n");
    fflush(stdout);
    return 0;
}
