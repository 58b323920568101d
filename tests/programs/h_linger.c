// Keeps TCP connections open and blocked at the timeout (issue 19): connections to the simulated
// internet (answers never read) and to its own listener on lo (send queues full, the peer never
// reads), all with SO_LINGER {1, 3600 s}, a thread racing connect() against close() on such sockets (so a copy
// the supervisor took of one could be its last reference), a child doing the same, then the main
// thread blocks in a send() that cannot complete. Only the loopback and the sinkhole: no packet
// leaves the sandbox. Prints what it set up, then never exits on its own.
#include "probe.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>

static struct sockaddr_in own;      // its own listener, never accepting or reading
static struct sockaddr_in sinkhole; // what the simulated internet answered for the name

static void linger_on(int s) {
    struct linger l = { 1, 3600 };
    setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

// Sends until the queue is full (non-blocking), then leaves the socket blocking again.
static long fill(int s) {
    static char chunk[4 << 20];
    memset(chunk, 'L', sizeof chunk);
    int fl = fcntl(s, F_GETFL);
    fcntl(s, F_SETFL, fl | O_NONBLOCK);
    long total = 0;
    for (int i = 0; i < 64; i++) {
        ssize_t n = send(s, chunk, sizeof chunk, MSG_NOSIGNAL);
        if (n <= 0) break;
        total += n;
    }
    fcntl(s, F_SETFL, fl);
    return total;
}

static int dial(struct sockaddr_in a, int port) {
    if (port) a.sin_port = htons(port);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) return -1;
    if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) { close(s); return -1; }
    return s;
}

// A second connect on a connected socket is notified, so the supervisor looks at the socket while
// another thread closes it: whoever holds it last closes it, lingering (the closer blocks, not main).
static void *connector(void *p) {
    connect((int)(long)p, (struct sockaddr *)&sinkhole, sizeof sinkhole);
    return NULL;
}
static void *closer(void *p) {
    close((int)(long)p);
    return NULL;
}

static int races(int n) {
    int done = 0;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&a, 64 << 10);
    for (int i = 0; i < n; i++) {
        int s = dial(own, 0);
        if (s < 0) break;
        fill(s);
        linger_on(s);
        pthread_t t1, t2;
        if (pthread_create(&t1, &a, connector, (void *)(long)s) != 0) break;
        if (pthread_create(&t2, &a, closer, (void *)(long)s) != 0) break;
        done++;
    }
    return done;
}

int main(void) {
    require_sandbox();
    setvbuf(stdout, NULL, _IONBF, 0);
    int l = socket(AF_INET, SOCK_STREAM, 0);
    own.sin_family = AF_INET;
    own.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    own.sin_port = 0;
    socklen_t len = sizeof own;
    if (l < 0 || bind(l, (struct sockaddr *)&own, sizeof own) != 0 || listen(l, 512) != 0 ||
        getsockname(l, (struct sockaddr *)&own, &len) != 0) { printf("listener=FAIL\n"); return 1; }
    printf("listener=OK\n");

    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res = NULL;
    if (getaddrinfo("linger.example", "80", &hints, &res) == 0 && res) {
        sinkhole = *(struct sockaddr_in *)res->ai_addr;
        freeaddrinfo(res);
        printf("resolve=OK\n");
    } else {
        sinkhole.sin_family = AF_INET;
        inet_pton(AF_INET, "198.51.100.7", &sinkhole.sin_addr);
        sinkhole.sin_port = htons(80);
        printf("resolve=FAIL\n");
    }

    // to the simulated internet: a request whose answer it never reads
    int out = 0;
    const int ports[] = { 80, 443, 4444, 8080, 6667, 25 };
    for (int i = 0; i < 6; i++) {
        int s = dial(sinkhole, ports[i]);
        if (s < 0) continue;
        const char req[] = "GET /payload.bin HTTP/1.1\r\nHost: linger.example\r\n\r\n";
        send(s, req, sizeof req - 1, MSG_NOSIGNAL);
        linger_on(s);  // and never reads the answer
        out++;
    }
    printf("sinkhole_connections=%d\n", out);

    // to itself: established, never accepted or read, queues full
    int own_held = 0;
    for (int i = 0; i < 16; i++) {
        int s = dial(own, 0);
        if (s < 0) break;
        fill(s);
        linger_on(s);
        own_held++;
    }
    printf("own_connections=%d\n", own_held);
    printf("races=%d\n", races(32));

    if (fork() == 0) {
        races(32);
        int s = dial(own, 0);
        if (s >= 0) { fill(s); linger_on(s); }
        for (;;) pause();
    }
    // blocked in the kernel at the timeout: a send on a full queue to a peer that never reads
    int s = dial(own, 0);
    if (s < 0) { printf("blocked_send=FAIL\n"); for (;;) pause(); }
    fill(s);
    linger_on(s);
    printf("blocked_send=START\n");
    static char more[1 << 20];
    for (;;) send(s, more, sizeof more, MSG_NOSIGNAL);
}
