/* tun.c — see tun.h. */
#include "harness/wire/tun.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "harness/wire/wire_error.h"

int tun_open(const char *name, char *err, size_t errcap)
{
	struct ifreq ifr;
	if (strlen(name) >= sizeof ifr.ifr_name)
		return wire_errf(err, errcap, "TUN device name \"%s\" is too long: at most %zu bytes",
				 name, sizeof ifr.ifr_name - 1);
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return wire_errf(err, errcap, "cannot open /dev/net/tun: %s — run as root or with "
				 "CAP_NET_ADMIN, and load the tun module (modprobe tun)", strerror(errno));
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	memcpy(ifr.ifr_name, name, strlen(name));
	if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
		int e = errno;
		close(fd);
		return wire_errf(err, errcap, "cannot create TUN device %s (TUNSETIFF): %s — %s", name,
				 strerror(e), e == EBUSY ? "the name is taken in this namespace"
							: "run as root or with CAP_NET_ADMIN");
	}
	return fd;
}

int tun_write(int fd, const uint8_t *pkt, size_t len, char *err, size_t errcap)
{
	ssize_t n;
	do
		n = write(fd, pkt, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return wire_errf(err, errcap, "write of a %zu-byte datagram to the TUN device: %s%s", len,
				 strerror(errno),
				 errno == EINVAL ? " — the kernel rejected it: not an IPv4/IPv6 datagram?" : "");
	if ((size_t)n != len)
		return wire_errf(err, errcap, "short write to the TUN device: %zd of %zu bytes", n, len);
	return 0;
}

ssize_t tun_read(int fd, uint8_t *buf, size_t cap, int64_t timeout_us, char *err, size_t errcap)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct timespec ts = { .tv_sec = timeout_us / 1000000, .tv_nsec = (timeout_us % 1000000) * 1000 };
	for (;;) {
		int r = ppoll(&p, 1, timeout_us < 0 ? NULL : &ts, NULL);
		if (r < 0 && errno == EINTR)
			continue;   /* the remaining time is not tracked: a signal may lengthen the wait */
		if (r < 0)
			return wire_errf(err, errcap, "poll on the TUN device: %s", strerror(errno));
		if (r == 0)
			return 0;
		if (p.revents & (POLLERR | POLLNVAL | POLLHUP))
			return wire_errf(err, errcap, "the TUN device reported an error (revents 0x%x)", p.revents);
		/* One byte more than cap tells a datagram that does not fit. */
		uint8_t spill[1];
		struct iovec iov[2] = { { buf, cap }, { spill, sizeof spill } };
		ssize_t n = readv(fd, iov, 2);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0)
			return wire_errf(err, errcap, "read from the TUN device: %s", strerror(errno));
		if ((size_t)n > cap)
			return wire_errf(err, errcap, "a datagram from the TUN device does not fit in %zu bytes: "
					 "give receive() a buffer of at least the MTU", cap);
		return n;
	}
}
