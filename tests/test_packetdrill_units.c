/* test_packetdrill_units.c — the pure parts of packetdrill compatibility:
 * the TFO_COOKIE computation against cookies the kernel gave, the merging
 * of a TSO burst, packetdrill's script options, and the rewriting of
 * shell lines (placeholder symlinks, non-executable .sh, set_sysctls.py). */
#include <CUnit/CUnit.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/packet/tcp_options.h"
#include "harness/run/packet_match.h"
#include "harness/run/pd_options.h"
#include "harness/run/shell_compat.h"
#include "harness/run/syscall_plan.h"
#include "harness/run/tfo_cookie.h"
#include "harness/run/tso_merge.h"
#include "harness/script/script.h"
#include "tests/test_suites.h"

static void hex(const uint8_t *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

/* Cookies the kernel sent in SYN,ACKs (packetdrill's fastopen/server
 * opt34/simple1.pkt, and its selftests' TFO_COOKIE for 192.168.0.1). */
static void test_tfo_cookie_is_the_kernels(void)
{
	struct sut_config cfg;
	uint8_t c[TFO_COOKIE_LEN];
	char text[2 * TFO_COOKIE_LEN + 1], err[128];

	sut_config_default(&cfg);
	cfg.family = AF_INET;
	inet_pton(AF_INET, "10.248.0.2", cfg.remote_v4);
	inet_pton(AF_INET, "192.168.0.2", cfg.local_v4);
	CU_ASSERT_EQUAL(tfo_cookie_for("a0bf63f7-ed803d81-cd641d30-cebc4a90", &cfg, c, err, sizeof err), 0);
	hex(c, sizeof c, text);
	CU_ASSERT_STRING_EQUAL(text, "00abaaabe8e954c2");
	inet_pton(AF_INET, "192.0.2.1", cfg.remote_v4);
	inet_pton(AF_INET, "192.168.0.1", cfg.local_v4);
	CU_ASSERT_EQUAL(tfo_cookie_for("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4,00000000-00000000-00000000-00000000",
				       &cfg, c, err, sizeof err), 0);
	hex(c, sizeof c, text);
	CU_ASSERT_STRING_EQUAL(text, "3021b9d889017eeb");
	CU_ASSERT_EQUAL(tfo_cookie_for("nonsense", &cfg, c, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "TFO_COOKIE"));
}

/* "> S. ... <FOEXP TFO_COOKIE>": the stack's SYN,ACK must carry the cookie
 * it gives the harness (fastopen/server/reset-non-tfo-socket.pkt). */
static void test_tfo_cookie_outbound(void)
{
	static const char text[] = "0 > S. 0:0(0) ack 1 <FOEXP TFO_COOKIE>\n";
	struct script *s = NULL;
	struct script_error perr;
	struct sut_config cfg;
	struct conn_binding c = { .used = true, .local_port = 8080, .local_port_known = true,
				  .remote_port = 40000 };
	uint8_t cookie[TFO_COOKIE_LEN];
	char err[128], why[512];

	sut_config_default(&cfg);
	cfg.family = AF_INET;
	CU_ASSERT_EQUAL_FATAL(script_parse("t.pkt", text, strlen(text), &s, &perr), 0);
	CU_ASSERT_EQUAL_FATAL(tfo_cookie_live(&cfg, cookie, err, sizeof err), 0);
	struct seg synack = { .ip = { .version = 4 }, .sport = 8080, .dport = 40000,
			      .flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .seq = 7, .ack = 1,
			      .tcp_csum_ok = true, .ip_csum_ok = true };
	memcpy(synack.ip.src, cfg.local_v4, 4);
	memcpy(synack.ip.dst, cfg.remote_v4, 4);
	struct tcp_options o = { 0 };
	tcp_options_add_fastopen(&o, cookie, TFO_COOKIE_LEN, true);
	CU_ASSERT_FATAL(seg_set_options(&synack, &o));
	CU_ASSERT_TRUE(packet_match_outbound(&s->events[0].u.packet, &c, &synack, &cfg, why, sizeof why));
	cookie[0] ^= 0xff;
	o = (struct tcp_options){ 0 };
	tcp_options_add_fastopen(&o, cookie, TFO_COOKIE_LEN, true);
	CU_ASSERT_FATAL(seg_set_options(&synack, &o));
	c.iss_known = false;
	CU_ASSERT_FALSE(packet_match_outbound(&s->events[0].u.packet, &c, &synack, &cfg, why, sizeof why));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "Fast Open"));
	script_free(s);
}

/* sendto's address AF_UNSPEC (fastopen/client/sendto-af-unspec.pkt),
 * setsockopt's "..." value (fastopen/server/sockopt-fastopen-key.pkt) and
 * --bind_port (ts_recent/tw_reuse/tw_reuse_ok_after_0sec_with_portlock.pkt). */
static void test_af_unspec_and_string_optval(void)
{
	static const char text[] =
		"0 sendto(3, ..., 0, MSG_FASTOPEN, AF_UNSPEC, ...) = -1 EOPNOTSUPP (no)\n"
		"+0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_KEY, \"\\xf7\\x00\\x63\", 3) = 0\n";
	struct script *s = NULL;
	struct script_error perr;
	struct sut_config cfg;
	struct fd_map fds;
	struct sut_call call;
	struct plan_error err;

	sut_config_default(&cfg);
	cfg.family = AF_INET;
	fd_map_init(&fds);
	fds.live[3] = 5;
	CU_ASSERT_EQUAL_FATAL(script_parse("t.pkt", text, strlen(text), &s, &perr), 0);
	CU_ASSERT_EQUAL_FATAL(syscall_plan(&s->events[0].u.syscall, s->events[0].loc, &cfg, &fds,
					   &call, &err), 0);
	CU_ASSERT_EQUAL(call.addr.ss_family, AF_UNSPEC);
	/* --bind_port: bind() names that port, the listener's connections use it. */
	static const char bind_text[] = "0 bind(3, ..., ...) = 0\n+0 < S 0:0(0) win 1000\n";
	struct script *b = NULL;
	struct conn_table t;
	unsigned bad;
	CU_ASSERT_EQUAL_FATAL(script_parse("b.pkt", bind_text, strlen(bind_text), &b, &perr), 0);
	cfg.bind_port = 57005;
	CU_ASSERT_EQUAL_FATAL(syscall_plan(&b->events[0].u.syscall, b->events[0].loc, &cfg, &fds,
					   &call, &err), 0);
	CU_ASSERT_EQUAL(ntohs(((const struct sockaddr_in *)&call.addr)->sin_port), 57005);
	CU_ASSERT_TRUE_FATAL(conn_table_init(&t, b, &bad));
	conn_table_bind_port(&t, cfg.bind_port);
	CU_ASSERT_EQUAL(t.conn[0].local_port, 57005);
	script_free(b);
	CU_ASSERT_EQUAL_FATAL(syscall_plan(&s->events[1].u.syscall, s->events[1].loc, &cfg, &fds,
					   &call, &err), 0);
	CU_ASSERT_EQUAL(call.optlen, 3u);
	CU_ASSERT_EQUAL(memcmp(call.optval, "\xf7\x00\x63", 3), 0);
	script_free(s);
}

static struct seg data_seg(uint32_t seq, size_t len, uint16_t flags)
{
	static const uint8_t zeros[2000];
	return (struct seg){ .sport = 8080, .dport = 40000, .seq = seq, .ack = 1,
			     .flags = (uint16_t)(TCP_FLAG_ACK | flags), .payload = zeros,
			     .payload_len = len };
}

static void test_tso_merge_takes_a_contiguous_burst(void)
{
	struct seg acc = data_seg(1, 1000, 0), next;

	CU_ASSERT_TRUE(tso_merge_wants_more(&acc, 3000));
	next = data_seg(1001, 1000, 0);
	CU_ASSERT_TRUE(tso_merge(&acc, &next, 3000));
	next = data_seg(2001, 1000, TCP_FLAG_PSH);
	CU_ASSERT_TRUE(tso_merge(&acc, &next, 3000));
	CU_ASSERT_EQUAL(acc.payload_len, 3000);
	CU_ASSERT_EQUAL(acc.flags, TCP_FLAG_ACK | TCP_FLAG_PSH);
	CU_ASSERT_FALSE(tso_merge_wants_more(&acc, 3000));
	/* not past the line's length, not across a gap, not another ACK */
	acc = data_seg(1, 1000, 0);
	next = data_seg(1001, 1500, 0);
	CU_ASSERT_FALSE(tso_merge(&acc, &next, 2000));
	next = data_seg(1501, 500, 0);
	CU_ASSERT_FALSE(tso_merge(&acc, &next, 2000));
	next = data_seg(1001, 500, 0);
	next.ack = 2;
	CU_ASSERT_FALSE(tso_merge(&acc, &next, 2000));
	CU_ASSERT_EQUAL(acc.payload_len, 1000);
	/* a SYN or a FIN is never the start of a burst */
	acc = data_seg(1, 1000, TCP_FLAG_FIN);
	CU_ASSERT_FALSE(tso_merge_wants_more(&acc, 2000));
}

static void test_pd_options(void)
{
	struct sut_config cfg;
	char err[256];
	struct script_flag f = { .name = "local_ip", .value = "192.168.0.2" };
	uint8_t want[4];

	sut_config_default(&cfg);
	cfg.family = AF_INET;
	CU_ASSERT_EQUAL(pd_option_apply(&f, &cfg, err, sizeof err), 1);
	inet_pton(AF_INET, "192.168.0.2", want);
	CU_ASSERT_EQUAL(memcmp(cfg.local_v4, want, 4), 0);
	f = (struct script_flag){ .name = "mss", .value = "1000" };
	CU_ASSERT_EQUAL(pd_option_apply(&f, &cfg, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "'--mss'"));
	f = (struct script_flag){ .name = "remote_ip", .value = "300.1.1.1" };
	CU_ASSERT_EQUAL(pd_option_apply(&f, &cfg, err, sizeof err), -1);
	CU_ASSERT_STRING_EQUAL(err, "expected an IPv4 or IPv6 address, found '--remote_ip=300.1.1.1'");
	f = (struct script_flag){ .name = "ip_version", .value = "ipv4-mapped-ipv6" };
	CU_ASSERT_EQUAL(pd_option_apply(&f, &cfg, err, sizeof err), -1);
	f = (struct script_flag){ .name = "strict_segments" };
	CU_ASSERT_EQUAL(pd_option_apply(&f, &cfg, err, sizeof err), 1);
	f = (struct script_flag){ .name = "define", .value = "X=1" };
	CU_ASSERT_EQUAL(pd_option_apply(&f, &cfg, err, sizeof err), 0);
	f = (struct script_flag){ .name = "bind_port", .value = "57005" };
	CU_ASSERT_EQUAL(pd_option_apply(&f, &cfg, err, sizeof err), 1);
	CU_ASSERT_EQUAL(cfg.bind_port, 57005);
	f = (struct script_flag){ .name = "bind_port", .value = "0" };
	CU_ASSERT_EQUAL(pd_option_apply(&f, &cfg, err, sizeof err), -1);
	CU_ASSERT_STRING_EQUAL(err, "expected a port 1..65535, found '--bind_port=0'");
	f = (struct script_flag){ .name = "tolerance_percent", .value = "1" };
	CU_ASSERT_EQUAL(pd_option_apply(&f, &cfg, err, sizeof err), 1);
	f = (struct script_flag){ .name = "tolerance_percent", .value = "150" };
	CU_ASSERT_EQUAL(pd_option_apply(&f, &cfg, err, sizeof err), -1);
	CU_ASSERT_STRING_EQUAL(err, "expected a share of 0 to 100 (%), found '--tolerance_percent=150'");
}

/* --tolerance_percent replaces packetdrill's 12.5 % share of the interval. */
static void test_tolerance_percent(void)
{
	struct script_flag flags[] = { { .name = "tolerance_percent", .value = "2.5" } };
	struct script s = { .flags = flags, .flag_count = 1 };
	CU_ASSERT_EQUAL(pd_tolerance_permille(&s), 25u);
	s.flag_count = 0;
	CU_ASSERT_EQUAL(pd_tolerance_permille(&s), 125u);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

/* A tree like the read-only sample: tcp/common/defaults.sh holds only
 * "../../common/defaults.sh" (a symlink stored as a file), the target is
 * not executable, and set_sysctls.py is emulated whether shipped or not. */
static void test_shell_lines_follow_packetdrill(void)
{
	char root[] = "/tmp/tcpcert-pd-units-XXXXXX", path[256], dir[256];
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(root));
	snprintf(path, sizeof path, "%s/common", root);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/tcp", root);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/tcp/common", root);
	mkdir(path, 0755);
	snprintf(dir, sizeof dir, "%s/tcp/case", root);
	mkdir(dir, 0755);
	snprintf(path, sizeof path, "%s/common/defaults.sh", root);
	write_file(path, "#!/bin/bash\nsysctl -q net.ipv4.tcp_sack=1\n", 0444);
	snprintf(path, sizeof path, "%s/tcp/common/defaults.sh", root);
	write_file(path, "../../common/defaults.sh", 0444);

	char *out = shell_compat_rewrite("../common/defaults.sh\n"
					 "../common/set_sysctls.py /proc/sys/a=1 \\\n  /proc/sys/b=2", dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "tcpcert_fresh_sysctls; /bin/sh '../common/../../common/defaults.sh'\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "tcpcert_set_sysctls() {"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ntcpcert_set_sysctls /proc/sys/a=1 \\\n  /proc/sys/b=2"));
	free(out);
	/* The public corpus ships set_sysctls.py ("#!/usr/bin/python", wanting
	 * PACKETDRILL_PID): still emulated. */
	snprintf(path, sizeof path, "%s/tcp/common/set_sysctls.py", root);
	write_file(path, "#!/usr/bin/python\nimport os\nos.environ['PACKETDRILL_PID']\n", 0755);
	out = shell_compat_rewrite("../common/set_sysctls.py /proc/sys/a=1", dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ntcpcert_set_sysctls /proc/sys/a=1"));
	free(out);
	/* Anything else stays as written. */
	out = shell_compat_rewrite("sysctl -q net.ipv4.tcp_ecn=1", dir);
	CU_ASSERT_STRING_EQUAL(out, "sysctl -q net.ipv4.tcp_ecn=1");
	free(out);

	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

static CU_TestInfo unit_tests[] = {
	{ "TFO_COOKIE is the cookie the kernel gives", test_tfo_cookie_is_the_kernels },
	{ "a TSO burst merges contiguous segments only", test_tso_merge_takes_a_contiguous_burst },
	{ "TFO_COOKIE in an outbound line", test_tfo_cookie_outbound },
	{ "sendto to AF_UNSPEC, setsockopt with \"...\" bytes", test_af_unspec_and_string_optval },
	{ "packetdrill's script options", test_pd_options },
	{ "--tolerance_percent", test_tolerance_percent },
	{ "shell lines follow packetdrill's conventions", test_shell_lines_follow_packetdrill },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "packetdrill compatibility: units", NULL, NULL, NULL, NULL, unit_tests },
	CU_SUITE_INFO_NULL,
};

CU_SuiteInfo *tcpcert_test_suites(void)
{
	return suites;
}
