/*
 * floor-agent: the cheapest SPOP agent we can think of, used only by bench/e2e as configuration "F" (floor).
 * One thread, epoll, non-blocking sockets; HELLO -> AGENT-HELLO (version 2.0, pipelining), NOTIFY -> ACK with one
 * UNSET-VAR (never an empty ACK), DISCONNECT -> DISCONNECT. It parses nothing it does not need, so the gap between
 * A (no SPOE) and F is what HAProxy's own SPOE round trips cost; the gap between F and B is what our agent adds.
 * Not a product: no fragmentation, no frame-size checks beyond the buffer, no error statuses.
 * With "threads" as second argument it serves each connection on a thread of its own with blocking receives and
 * sends instead (our agent's shape, bench/e2e configuration Z), so the cost of that shape alone can be told apart.
 *
 *   gcc -O2 -o floor-agent floor-agent.c && ./floor-agent PORT [threads]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUFFER_SIZE (64 * 1024)

struct connection {
    int fd;
    size_t used;
    uint8_t in[BUFFER_SIZE];
    size_t out_used;
    uint8_t out[BUFFER_SIZE];
};

static size_t read_varint(const uint8_t *p, size_t n, uint64_t *value)
{
    if (n == 0) return 0;
    *value = p[0];
    if (p[0] < 240) return 1;
    int shift = 4;
    for (size_t i = 1; i < n && i < 10; i++) {
        *value += (uint64_t)p[i] << shift;
        if (p[i] < 128) return i + 1;
        shift += 7;
    }
    return 0;
}

static size_t write_varint(uint8_t *p, uint64_t value)
{
    if (value < 240) { p[0] = (uint8_t)value; return 1; }
    size_t i = 0;
    p[i++] = (uint8_t)(value | 240);
    value = (value - 240) >> 4;
    while (value >= 128) { p[i++] = (uint8_t)(value | 128); value = (value - 128) >> 7; }
    p[i++] = (uint8_t)value;
    return i;
}

static size_t write_string(uint8_t *p, const char *s)
{
    size_t n = strlen(s), i = write_varint(p, n);
    memcpy(p + i, s, n);
    return i + n;
}

/* Appends one frame to the connection's output: length, type, flags FIN, ids, then the payload built by the caller. */
static uint8_t *begin_frame(struct connection *c, uint8_t type, uint64_t stream_id, uint64_t frame_id, size_t *header)
{
    uint8_t *f = c->out + c->out_used + 4;
    size_t i = 0;
    f[i++] = type;
    f[i++] = 0; f[i++] = 0; f[i++] = 0; f[i++] = 1;
    i += write_varint(f + i, stream_id);
    i += write_varint(f + i, frame_id);
    *header = i;
    return f;
}

static void end_frame(struct connection *c, size_t length)
{
    uint32_t be = htonl((uint32_t)length);
    memcpy(c->out + c->out_used, &be, 4);
    c->out_used += 4 + length;
}

static void agent_hello(struct connection *c)
{
    size_t i;
    uint8_t *f = begin_frame(c, 101, 0, 0, &i);
    i += write_string(f + i, "version"); f[i++] = 8; i += write_string(f + i, "2.0");
    i += write_string(f + i, "max-frame-size"); f[i++] = 3; i += write_varint(f + i, 16380);
    i += write_string(f + i, "capabilities"); f[i++] = 8; i += write_string(f + i, "pipelining");
    end_frame(c, i);
}

static void agent_disconnect(struct connection *c)
{
    size_t i;
    uint8_t *f = begin_frame(c, 102, 0, 0, &i);
    i += write_string(f + i, "status-code"); f[i++] = 3; i += write_varint(f + i, 0);
    i += write_string(f + i, "message"); f[i++] = 8; i += write_string(f + i, "normal");
    end_frame(c, i);
}

static void ack(struct connection *c, uint64_t stream_id, uint64_t frame_id)
{
    size_t i;
    uint8_t *f = begin_frame(c, 103, stream_id, frame_id, &i);
    static const uint8_t unset_var[] = { 2, 2, 2, 1, '_' };
    memcpy(f + i, unset_var, sizeof unset_var);
    end_frame(c, i + sizeof unset_var);
}

/* Answers every whole frame in the input; returns -1 when the connection should close. */
static int process(struct connection *c)
{
    size_t at = 0;
    int close_after = 0;
    while (c->used - at >= 4 && c->out_used + 256 < BUFFER_SIZE) {
        uint32_t length;
        memcpy(&length, c->in + at, 4);
        length = ntohl(length);
        if (length + 4 > BUFFER_SIZE) return -1;
        if (c->used - at < 4 + length) break;
        const uint8_t *f = c->in + at + 4;
        uint64_t stream_id = 0, frame_id = 0;
        size_t i = 5, n;
        if ((n = read_varint(f + i, length - i, &stream_id)) == 0) return -1;
        i += n;
        if ((n = read_varint(f + i, length - i, &frame_id)) == 0) return -1;
        switch (f[0]) {
        case 1: agent_hello(c); break;
        case 2: agent_disconnect(c); close_after = 1; break;
        case 3: ack(c, stream_id, frame_id); break;
        default: return -1;
        }
        at += 4 + length;
    }
    memmove(c->in, c->in + at, c->used - at);
    c->used -= at;
    if (c->out_used > 0) {
        ssize_t sent = send(c->fd, c->out, c->out_used, MSG_NOSIGNAL);
        if (sent != (ssize_t)c->out_used) return -1; /* a benchmark peer keeps up; a short write ends the connection */
        c->out_used = 0;
    }
    return close_after ? -1 : 0;
}

/* One connection on its own thread: blocking receive, answer, repeat. */
static void *serve(void *arg)
{
    struct connection *c = arg;
    for (;;) {
        ssize_t got = recv(c->fd, c->in + c->used, BUFFER_SIZE - c->used, 0);
        if (got <= 0) break;
        c->used += (size_t)got;
        if (process(c) < 0) break;
    }
    close(c->fd);
    free(c);
    return NULL;
}

_Noreturn static void serve_with_threads(int listener)
{
    int one = 1;
    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) continue;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct connection *c = calloc(1, sizeof *c);
        c->fd = fd;
        pthread_t thread;
        if (pthread_create(&thread, NULL, serve, c) != 0) { close(fd); free(c); continue; }
        pthread_detach(thread);
    }
}

int main(int argc, char **argv)
{
    int threads = argc == 3 && strcmp(argv[2], "threads") == 0;
    if (argc != 2 && !threads) { fprintf(stderr, "usage: floor-agent PORT [threads]\n"); return 64; }
    int listener = socket(AF_INET, SOCK_STREAM | (threads ? 0 : SOCK_NONBLOCK), 0), one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])) };
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) < 0 || listen(listener, 128) < 0) {
        perror("floor-agent: listen");
        return 70;
    }
    if (threads) serve_with_threads(listener);
    int poller = epoll_create1(0);
    struct epoll_event event = { .events = EPOLLIN, .data.ptr = NULL }, ready[64];
    epoll_ctl(poller, EPOLL_CTL_ADD, listener, &event);
    for (;;) {
        int count = epoll_wait(poller, ready, 64, -1);
        for (int e = 0; e < count; e++) {
            struct connection *c = ready[e].data.ptr;
            if (c == NULL) {
                int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK);
                if (fd < 0) continue;
                setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                c = calloc(1, sizeof *c);
                c->fd = fd;
                struct epoll_event in = { .events = EPOLLIN, .data.ptr = c };
                epoll_ctl(poller, EPOLL_CTL_ADD, fd, &in);
                continue;
            }
            ssize_t got = recv(c->fd, c->in + c->used, BUFFER_SIZE - c->used, 0);
            if ((got <= 0 && !(got < 0 && errno == EAGAIN)) || (got > 0 && (c->used += (size_t)got, process(c) < 0))) {
                close(c->fd);
                free(c);
            }
        }
    }
}
