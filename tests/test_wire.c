/* test_wire.c — the private wire and the Linux adapter, on the real kernel
 * (run as root).  Every check runs in a forked child that attaches; the
 * test process stays in the host's namespace and checks the host is
 * untouched.  Segment-level checks are in test_wire_tcp.c. */
#include <CUnit/CUnit.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/wire/capture.h"
#include "harness/wire/sysctl_pin.h"
#include "tests/test_suites.h"
#include "tests/test_wire_child.h"
#include "tests/test_wire_tcp.h"

/* ---- attach ------------------------------------------------------------ */

static int check_attached(struct sut *sut, void *arg, char *msg, size_t cap)
{
	(void)arg;
	const struct sut_setting *s;
	size_t n = sut->ops->settings(sut, &s);
	REQUIRE(n > 50, "only %zu settings recorded", n);
	bool qdisc = false;
	for (size_t i = 0; i < n; i++)
		qdisc |= strcmp(s[i].name, "qdisc.tun0") == 0;
	REQUIRE(qdisc, "the qdisc of tun0 is not recorded");
	return 0;
}

static void test_attach(void)
{
	WIRE_CHILD(check_attached, NULL);
}

static bool has_addr(const struct ifaddrs *ifs, const char *dev, int family, const char *text)
{
	uint8_t want[16];
	inet_pton(family, text, want);
	for (const struct ifaddrs *i = ifs; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != family || strcmp(i->ifa_name, dev) != 0)
			continue;
		const void *a = family == AF_INET ? (const void *)&((struct sockaddr_in *)i->ifa_addr)->sin_addr
						  : (const void *)&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
		if (memcmp(a, want, family == AF_INET ? 4 : 16) == 0)
			return true;
	}
	return false;
}

static int check_addresses(struct sut *sut, void *arg, char *msg, size_t cap)
{
	(void)sut, (void)arg;
	struct ifaddrs *ifs;
	REQUIRE(getifaddrs(&ifs) == 0, "getifaddrs: %s", strerror(errno));
	bool v4 = has_addr(ifs, "tun0", AF_INET, "198.51.100.1");
	bool v6 = has_addr(ifs, "tun0", AF_INET6, "2001:db8:1::1");
	bool up = false, ll = false;
	for (const struct ifaddrs *i = ifs; i; i = i->ifa_next) {
		if (strcmp(i->ifa_name, "tun0") != 0)
			continue;
		up |= (i->ifa_flags & IFF_UP) != 0;
		if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET6 &&
		    IN6_IS_ADDR_LINKLOCAL(&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr))
			ll = true;
	}
	freeifaddrs(ifs);
	REQUIRE(v4, "tun0 lacks 198.51.100.1");
	REQUIRE(v6, "tun0 lacks 2001:db8:1::1");
	REQUIRE(up, "tun0 is not up");
	REQUIRE(!ll, "tun0 has a link-local address (addr_gen_mode not pinned?)");
	return 0;
}

static void test_addresses(void)
{
	WIRE_CHILD(check_addresses, NULL);
}

/* ---- sysctls --------------------------------------------------------- */

static int check_sysctls(struct sut *sut, void *arg, char *msg, size_t cap)
{
	(void)arg;
	const struct sut_setting *s;
	size_t n = sut->ops->settings(sut, &s);
	char err[256], got[256];
	for (size_t i = 0; i < n; i++) {
		if (strncmp(s[i].name, "net.", 4) != 0)
			continue;
		int rc = sysctl_read(s[i].name, got, sizeof got, err, sizeof err);
		REQUIRE(rc >= 0, "%s", err);
		if (strcmp(s[i].value, "absent") == 0) {
			REQUIRE(rc == 1, "%s recorded absent but exists", s[i].name);
			continue;
		}
		REQUIRE(rc == 0 && strcmp(got, s[i].value) == 0, "%s reads \"%s\", pinned \"%s\"", s[i].name,
			got, s[i].value);
	}
	REQUIRE(sysctl_read("net.ipv4.tcp_congestion_control", got, sizeof got, err, sizeof err) == 0, "%s", err);
	REQUIRE(strcmp(got, "reno") == 0, "congestion control is %s in the namespace", got);
	REQUIRE(sysctl_read("net.ipv6.conf.tun0.accept_ra", got, sizeof got, err, sizeof err) == 0, "%s", err);
	REQUIRE(strcmp(got, "0") == 0, "tun0 accept_ra is %s", got);
	return 0;
}

static void test_sysctls(void)
{
	char before[256], after[256], err[256];
	CU_ASSERT_EQUAL_FATAL(sysctl_read("net.ipv4.tcp_congestion_control", before, sizeof before, err,
					  sizeof err), 0);
	WIRE_CHILD(check_sysctls, NULL);
	CU_ASSERT_EQUAL_FATAL(sysctl_read("net.ipv4.tcp_congestion_control", after, sizeof after, err,
					  sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(before, after);
}

/* ---- the namespace vanishes ------------------------------------------ */

static int wait_for_kill(struct sut *sut, void *arg, char *msg, size_t cap)
{
	(void)sut, (void)msg, (void)cap;
	int fd = *(int *)arg;   /* tell the parent we are attached, then wait */
	char c = 'a';
	if (write(fd, &c, 1) != 1)
		return -1;
	pause();
	return 0;
}

static void test_namespace_gone(void)
{
	struct stat host;
	CU_ASSERT_EQUAL_FATAL(stat("/proc/self/ns/net", &host), 0);
	CU_ASSERT_EQUAL_FATAL(if_nametoindex("tun0"), 0);   /* the host has no tun0 of its own */

	/* A normal exit. */
	CU_ASSERT(WIRE_CHILD(check_attached, NULL));
	CU_ASSERT_EQUAL(if_nametoindex("tun0"), 0);

	/* SIGKILL while attached: nothing to clean up either. */
	int p[2];
	CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
	fflush(NULL);
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		struct sut_config cfg;
		sut_config_default(&cfg);
		struct sut sut = { .ops = &sut_linux_ops };
		struct sut_error err;
		if (sut.ops->attach(&sut, &cfg, &err) != 0)
			_exit(1);
		char msg[8];
		wait_for_kill(&sut, &p[1], msg, sizeof msg);
		_exit(0);
	}
	close(p[1]);
	char c = 0;
	CU_ASSERT_EQUAL(read(p[0], &c, 1), 1);
	close(p[0]);
	char path[64];
	struct stat child;
	snprintf(path, sizeof path, "/proc/%d/ns/net", (int)pid);
	CU_ASSERT_EQUAL(stat(path, &child), 0);
	CU_ASSERT_NOT_EQUAL(child.st_ino, host.st_ino);   /* the child was in a namespace of its own */
	kill(pid, SIGKILL);
	int status;
	waitpid(pid, &status, 0);
	CU_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	CU_ASSERT_EQUAL(if_nametoindex("tun0"), 0);
	/* Nothing in the host's process table still holds that namespace. */
	struct stat still;
	CU_ASSERT_NOT_EQUAL(stat(path, &still), 0);
}

/* ---- nothing but the case's traffic ------------------------------------ */

static int check_quiet(struct sut *sut, void *arg, char *msg, size_t cap)
{
	(void)arg;
	uint8_t buf[2048];
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		int64_t left = 3000000 - ((t.tv_sec - t0.tv_sec) * 1000000 + (t.tv_nsec - t0.tv_nsec) / 1000);
		if (left <= 0)
			return 0;
		struct sut_error err;
		ssize_t n = sut->ops->receive(sut, buf, sizeof buf, left, &err);
		REQUIRE(n >= 0, "receive: %s", err.message);
		REQUIRE(n == 0, "unexpected %zd-byte IPv%d datagram on tun0 (protocol/next header %u)", n,
			buf[0] >> 4, (buf[0] >> 4) == 6 ? buf[6] : buf[9]);
	}
}

static void test_quiet(void)
{
	WIRE_CHILD(check_quiet, NULL);
}

/* ---- connect(): the stack's SYN, SYN-SENT, a pcap tshark reads ---------- */

struct syn_capture {
	int family;
	char pcap[128];
};

static int check_connect(struct sut *sut, void *arg, char *msg, size_t cap)
{
	struct syn_capture *sc = arg;
	struct sut_config cfg;
	sut_config_default(&cfg);
	struct sut_result res;
	SUT_CALL(sut, (&(struct sut_call){ .kind = SUT_CALL_SOCKET, .domain = sc->family,
					   .type = SOCK_STREAM | SOCK_NONBLOCK }), &res);
	REQUIRE(res.ret >= 0, "socket: %s", strerror(res.err));
	int fd = (int)res.ret;
	struct sut_call c = { .kind = SUT_CALL_CONNECT, .fd = fd };
	if (sc->family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&c.addr;
		a->sin_family = AF_INET;
		a->sin_port = htons(8080);
		memcpy(&a->sin_addr, cfg.remote_v4, 4);
		c.addr_len = sizeof *a;
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&c.addr;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons(8080);
		memcpy(&a->sin6_addr, cfg.remote_v6, 16);
		c.addr_len = sizeof *a;
	}
	SUT_CALL(sut, &c, &res);
	REQUIRE(res.ret == -1 && res.err == EINPROGRESS, "non-blocking connect: ret %ld errno %s", res.ret,
		strerror(res.err));

	uint8_t buf[2048];
	struct sut_error err;
	ssize_t n = sut->ops->receive(sut, buf, sizeof buf, 2000000, &err);
	REQUIRE(n > 0, "no SYN from the stack within 2 s%s%s", n < 0 ? ": " : "", n < 0 ? err.message : "");
	size_t tcp = sc->family == AF_INET ? (size_t)(buf[0] & 0xf) * 4 : 40;
	REQUIRE((buf[0] >> 4) == (sc->family == AF_INET ? 4 : 6), "IP version %d", buf[0] >> 4);
	REQUIRE((size_t)n >= tcp + 20 && buf[tcp + 13] == 0x02, "not a bare SYN (flags 0x%02x)", buf[tcp + 13]);

	char cerr[256];
	struct capture *pc = capture_open(sc->pcap, cerr, sizeof cerr);
	REQUIRE(pc != NULL, "%s", cerr);
	struct timeval tv = { 1, 0 };
	int w = capture_write(pc, buf, (size_t)n, &tv);
	capture_close(pc);
	REQUIRE(w == 0, "capture_write failed");

	struct sut_conn_info info[4];
	size_t found;
	struct sut_conn_query q = { .family = sc->family, .remote_port = 8080 };
	REQUIRE(sut->ops->query(sut, &q, info, 4, &found, &err) == 0, "query: %s", err.message);
	REQUIRE(found == 1, "%zu connections to port 8080, expected 1", found);
	REQUIRE(info[0].state == TCP_STATE_SYN_SENT, "state %s, expected SYN-SENT", tcp_state_name(info[0].state));
	REQUIRE(info[0].timer == SUT_TIMER_RETRANSMIT, "timer %s", sut_timer_name(info[0].timer));
	REQUIRE(info[0].family == sc->family, "family %d", info[0].family);
	REQUIRE(info[0].has_info && info[0].rto_us >= 200000, "tcp_info missing or rto %u us", info[0].rto_us);
	SUT_CALL(sut, (&(struct sut_call){ .kind = SUT_CALL_CLOSE, .fd = fd }), &res);
	REQUIRE(res.ret == 0, "close: %s", strerror(res.err));
	return 0;
}

static void check_tshark(const char *pcap)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "tshark -r '%s' -T fields -e tcp.flags 2>&1", pcap);
	FILE *f = popen(cmd, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	char line[256] = "";
	char *got;
	while ((got = fgets(line, sizeof line, f)) && strncmp(line, "Running as user", 15) == 0)
		;   /* tshark's warning about root, on stderr */
	int rc = pclose(f);
	if (!got || rc != 0 || strncmp(line, "0x0002", 6) != 0) {
		char text[512];
		snprintf(text, sizeof text, "tshark (a declared dependency) could not decode %s: exit %d, \"%s\"",
			 pcap, rc, got ? line : "");
		CU_assertImplementation(CU_FALSE, __LINE__, text, __FILE__, "check_tshark", CU_FALSE);
	}
}

static void run_connect(int family)
{
	struct syn_capture sc = { .family = family };
	snprintf(sc.pcap, sizeof sc.pcap, "/tmp/tcpcert-test-wire-%d-%d.pcap", (int)getpid(), family);
	if (WIRE_CHILD(check_connect, &sc))
		check_tshark(sc.pcap);
	unlink(sc.pcap);
}

static void test_connect_v4(void)
{
	run_connect(AF_INET);
}

static void test_connect_v6(void)
{
	run_connect(AF_INET6);
}

/* ---- sut.c ------------------------------------------------------------- */

static void test_timer_names(void)
{
	for (int t = SUT_TIMER_NONE; t <= SUT_TIMER_PROBE; t++) {
		enum sut_timer back;
		CU_ASSERT(sut_timer_from_name(sut_timer_name((enum sut_timer)t), &back));
		CU_ASSERT_EQUAL((int)back, t);
	}
	enum sut_timer x;
	CU_ASSERT(sut_timer_from_name("on", &x) && x == SUT_TIMER_RETRANSMIT);
	CU_ASSERT(sut_timer_from_name("off", &x) && x == SUT_TIMER_NONE);
	CU_ASSERT(!sut_timer_from_name("sometimes", &x));
	CU_ASSERT_PTR_EQUAL(sut_find("linux"), &sut_linux_ops);
	CU_ASSERT_PTR_NULL(sut_find("plan9"));
	struct sut_config cfg;
	sut_config_default(&cfg);
	CU_ASSERT_STRING_EQUAL(cfg.device, "tun0");
	CU_ASSERT_EQUAL(cfg.local_v4[0], 198);
	CU_ASSERT_EQUAL(cfg.local_v6[5], 1);
}

static CU_TestInfo wire_tests[] = {
	{ "sut.c names and defaults", test_timer_names },
	{ "attach succeeds and records settings", test_attach },
	{ "tun0 has the stack's addresses", test_addresses },
	{ "sysctls read back as pinned; host unchanged", test_sysctls },
	{ "the namespace vanishes on exit and on SIGKILL", test_namespace_gone },
	{ "nothing on tun0 for 3 s after attach", test_quiet },
	{ "IPv4 connect: SYN, SYN-SENT, pcap via tshark", test_connect_v4 },
	{ "IPv6 connect: SYN, SYN-SENT, pcap via tshark", test_connect_v6 },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "wire: Linux adapter on a private netns", NULL, NULL, NULL, NULL, wire_tests },
	{ "wire: segments through the kernel", NULL, NULL, NULL, NULL, wire_tcp_tests },
	CU_SUITE_INFO_NULL,
};

CU_SuiteInfo *tcpcert_test_suites(void)
{
	return suites;
}
