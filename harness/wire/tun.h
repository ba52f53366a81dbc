/* tun.h — a TUN device (IFF_TUN | IFF_NO_PI): each read() or write() is one
 * bare IP datagram, IPv4 or IPv6.  The descriptor is non-blocking and
 * close-on-exec; the device disappears when it is closed. */
#ifndef TCPCERT_WIRE_TUN_H
#define TCPCERT_WIRE_TUN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Create the device `name` (at most IFNAMSIZ-1 bytes).  Returns the fd, or
 * -1 with a message. */
int tun_open(const char *name, char *err, size_t errcap);

/* Write one datagram.  0, or -1 with a message. */
int tun_write(int fd, const uint8_t *pkt, size_t len, char *err, size_t errcap);

/* Read one datagram, waiting at most timeout_us (0: do not wait; negative:
 * wait forever).  Returns its length, 0 on timeout, -1 with a message.
 * A datagram longer than cap is an error (it would be truncated). */
ssize_t tun_read(int fd, uint8_t *buf, size_t cap, int64_t timeout_us, char *err, size_t errcap);

#endif
