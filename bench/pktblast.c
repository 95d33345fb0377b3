/*
 * Copyright (c) 2026 HostVLAN-OVS developers.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/* pktblast: sends Ethernet frames out of one interface through an
 * AF_PACKET socket, for scripts/hostvlan-bench-report.  It is the traffic
 * source every contender gets, so that OVS and the Linux bridge see the
 * same frames through the same veth pairs.
 *
 * Usage: pktblast IFACE FRAMES SECONDS [PPS]
 *
 * FRAMES is a file of 64-byte frames, back to back; they are sent in
 * order, round and round, in batches of 32 (sendmmsg), for SECONDS
 * seconds, as fast as possible or at about PPS frames per second.
 * Prints "sent=N" and "seconds=S".  It does not depend on Open vSwitch. */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FRAME_LEN 64
#define BATCH 32

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned char *
read_frames(const char *name, size_t *n_frames)
{
    FILE *file = fopen(name, "rb");
    unsigned char *frames;
    struct stat st;

    if (!file || fstat(fileno(file), &st) || !st.st_size
        || st.st_size % FRAME_LEN) {
        fprintf(stderr, "pktblast: %s: not a file of %d-byte frames\n",
                name, FRAME_LEN);
        exit(1);
    }
    frames = malloc(st.st_size);
    if (!frames || fread(frames, 1, st.st_size, file) != (size_t) st.st_size) {
        fprintf(stderr, "pktblast: %s: read failed\n", name);
        exit(1);
    }
    fclose(file);
    *n_frames = st.st_size / FRAME_LEN;
    return frames;
}

static int
open_socket(const char *iface)
{
    struct sockaddr_ll sll;
    int one = 1;
    int fd;

    fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0) {
        perror("pktblast: socket");
        exit(1);
    }
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_ifindex = if_nametoindex(iface);
    if (!sll.sll_ifindex || bind(fd, (struct sockaddr *) &sll, sizeof sll)) {
        fprintf(stderr, "pktblast: %s: %s\n", iface, strerror(errno));
        exit(1);
    }
    /* Bypassing the qdisc is what a guest's virtio queue would do. */
    setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
    return fd;
}

int
main(int argc, char *argv[])
{
    struct mmsghdr msgs[BATCH];
    struct iovec iovs[BATCH];
    unsigned char *frames;
    double start, end, seconds, pps;
    size_t n_frames, next = 0;
    unsigned long long sent = 0;
    int fd;

    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: pktblast IFACE FRAMES SECONDS [PPS]\n");
        return 1;
    }
    fd = open_socket(argv[1]);
    frames = read_frames(argv[2], &n_frames);
    seconds = atof(argv[3]);
    pps = argc > 4 ? atof(argv[4]) : 0;

    memset(msgs, 0, sizeof msgs);
    start = now();
    end = start + seconds;
    for (;;) {
        double t = now();
        int i, n;

        if (t >= end) {
            break;
        }
        if (pps > 0 && sent >= (t - start) * pps) {
            struct timespec pause = { 0, 20 * 1000 };

            nanosleep(&pause, NULL);
            continue;
        }
        for (i = 0; i < BATCH; i++) {
            iovs[i].iov_base = frames + next * FRAME_LEN;
            iovs[i].iov_len = FRAME_LEN;
            msgs[i].msg_hdr.msg_iov = &iovs[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
            next = (next + 1) % n_frames;
        }
        n = sendmmsg(fd, msgs, pps > 0 && pps < 100000 ? 1 : BATCH, 0);
        if (n > 0) {
            sent += n;
        } else if (errno != ENOBUFS && errno != EAGAIN && errno != EINTR) {
            perror("pktblast: sendmmsg");
            return 1;
        }
        if (n > 0 && n < BATCH) {
            /* Frames the kernel did not take are sent in the next batch. */
            next = (next + n_frames - (BATCH - n)) % n_frames;
        }
    }
    printf("sent=%llu\nseconds=%.3f\n", sent, now() - start);
    return 0;
}
