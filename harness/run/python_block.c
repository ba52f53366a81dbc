/* python_block.c — see python_block.h. */
#include "harness/run/python_block.h"

#include <errno.h>
#include <linux/tcp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* On an exception: the script line of the block, then the traceback. */
static const char PREAMBLE[] =
	"import sys\n"
	"import traceback\n"
	"def _tcpcert_hook(etype, value, tb):\n"
	"  sys.stderr.write('%s:%d: error in Python code\\n' % (_file, _line))\n"
	"  traceback.print_exception(etype, value, tb)\n"
	"sys.excepthook = _tcpcert_hook\n"
	"\n";

/* Socket states (include/net/tcp_states.h) and the other names a block
 * may use, as packetdrill defines them. */
static const struct {
	const char *name;
	unsigned value;
} SYMBOLS[] = {
	{ "TCP_ESTABLISHED", 1 }, { "TCP_SYN_SENT", 2 }, { "TCP_SYN_RECV", 3 },
	{ "TCP_FIN_WAIT1", 4 }, { "TCP_FIN_WAIT2", 5 }, { "TCP_TIME_WAIT", 6 },
	{ "TCP_CLOSE", 7 }, { "TCP_CLOSE_WAIT", 8 }, { "TCP_LAST_ACK", 9 },
	{ "TCP_LISTEN", 10 }, { "TCP_CLOSING", 11 },
	{ "TCP_CA_Open", TCP_CA_Open }, { "TCP_CA_Disorder", TCP_CA_Disorder },
	{ "TCP_CA_CWR", TCP_CA_CWR }, { "TCP_CA_Recovery", TCP_CA_Recovery },
	{ "TCP_CA_Loss", TCP_CA_Loss },
	{ "TCPI_OPT_TIMESTAMPS", TCPI_OPT_TIMESTAMPS }, { "TCPI_OPT_WSCALE", TCPI_OPT_WSCALE },
	{ "TCPI_OPT_ECN", TCPI_OPT_ECN }, { "TCPI_OPT_SYN_DATA", TCPI_OPT_SYN_DATA },
};

static void add(struct python_prog *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct python_prog *p, const char *fmt, ...)
{
	va_list ap;

	if (p->oom)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (p->len + (size_t)n + 1 > p->cap) {
		size_t cap = (p->len + (size_t)n + 1) * 2;
		char *t = realloc(p->text, cap);
		if (!t) {
			p->oom = true;
			return;
		}
		p->text = t;
		p->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(p->text + p->len, p->cap - p->len, fmt, ap);
	va_end(ap);
	p->len += (size_t)n;
}

static void var(struct python_prog *p, const char *name, uint64_t v)
{
	add(p, "%s = %llu\n", name, (unsigned long long)v);
}

#define TCPI(field) var(p, #field, ti.field)

static void add_tcp_info(struct python_prog *p, const struct tcp_info *info)
{
	struct tcp_info ti = *info;

	TCPI(tcpi_state); TCPI(tcpi_ca_state); TCPI(tcpi_retransmits); TCPI(tcpi_probes);
	TCPI(tcpi_backoff); TCPI(tcpi_options); TCPI(tcpi_snd_wscale); TCPI(tcpi_rcv_wscale);
	TCPI(tcpi_delivery_rate_app_limited); TCPI(tcpi_fastopen_client_fail);
	TCPI(tcpi_rto); TCPI(tcpi_ato); TCPI(tcpi_snd_mss); TCPI(tcpi_rcv_mss);
	TCPI(tcpi_unacked); TCPI(tcpi_sacked); TCPI(tcpi_lost); TCPI(tcpi_retrans);
	TCPI(tcpi_fackets); TCPI(tcpi_last_data_sent); TCPI(tcpi_last_ack_sent);
	TCPI(tcpi_last_data_recv); TCPI(tcpi_last_ack_recv); TCPI(tcpi_pmtu);
	TCPI(tcpi_rcv_ssthresh); TCPI(tcpi_rtt); TCPI(tcpi_rttvar); TCPI(tcpi_snd_ssthresh);
	TCPI(tcpi_snd_cwnd); TCPI(tcpi_advmss); TCPI(tcpi_reordering); TCPI(tcpi_rcv_rtt);
	TCPI(tcpi_rcv_space); TCPI(tcpi_total_retrans); TCPI(tcpi_pacing_rate);
	TCPI(tcpi_max_pacing_rate); TCPI(tcpi_bytes_acked); TCPI(tcpi_bytes_received);
	TCPI(tcpi_segs_out); TCPI(tcpi_segs_in); TCPI(tcpi_notsent_bytes); TCPI(tcpi_min_rtt);
	TCPI(tcpi_data_segs_in); TCPI(tcpi_data_segs_out); TCPI(tcpi_delivery_rate);
	TCPI(tcpi_busy_time); TCPI(tcpi_rwnd_limited); TCPI(tcpi_sndbuf_limited);
	TCPI(tcpi_delivered); TCPI(tcpi_delivered_ce); TCPI(tcpi_bytes_sent);
	TCPI(tcpi_bytes_retrans); TCPI(tcpi_dsack_dups); TCPI(tcpi_reord_seen);
	TCPI(tcpi_rcv_ooopack); TCPI(tcpi_snd_wnd);
}

#undef TCPI

void python_block_add(struct python_prog *p, const char *file, int line, const void *info,
		      size_t info_len, const char *code)
{
	struct tcp_info ti;

	memset(&ti, 0, sizeof ti);
	memcpy(&ti, info, info_len < sizeof ti ? info_len : sizeof ti);
	if (p->len == 0)
		add(p, "%s", PREAMBLE);
	for (size_t i = 0; i < sizeof SYMBOLS / sizeof SYMBOLS[0]; i++)
		var(p, SYMBOLS[i].name, SYMBOLS[i].value);
	add_tcp_info(p, &ti);
	add(p, "_file = '");
	for (const char *c = file; *c; c++)
		add(p, *c == '\'' || *c == '\\' ? "\\%c" : "%c", *c);
	add(p, "'\n_line = %d\n%s\n\n", line, code);
}

void python_block_sockopt(int *level, int *optname)
{
	*level = 6;   /* SOL_TCP (IPPROTO_TCP) */
	*optname = TCP_INFO;
}

void python_prog_free(struct python_prog *p)
{
	free(p->text);
	memset(p, 0, sizeof *p);
}

/* The system python3 first ("/usr/bin/python3"), else the first in PATH. */
static void exec_python(const char *path)
{
	if (access("/usr/bin/python3", X_OK) == 0)
		execl("/usr/bin/python3", "python3", path, (char *)NULL);
	execlp("python3", "python3", path, (char *)NULL);
	_exit(127);
}

/* Keep the last cap-1 bytes of the output in why. */
static void keep_tail(char *why, size_t cap, size_t *len, const char *buf, size_t n)
{
	if (cap < 2)
		return;
	for (size_t i = 0; i < n; i++) {
		if (*len == cap - 1) {
			memmove(why, why + 1, cap - 2);
			(*len)--;
		}
		why[(*len)++] = buf[i];
	}
	why[*len] = '\0';
}

int python_block_run(const struct python_prog *p, char *why, size_t cap)
{
	char path[] = "/tmp/tcpcert-python-XXXXXX";
	int pipefd[2];

	why[0] = '\0';
	if (p->len == 0)
		return 0;
	if (p->oom) {
		snprintf(why, cap, "out of memory for the Python blocks");
		return -1;
	}
	int fd = mkstemp(path);
	if (fd < 0) {
		snprintf(why, cap, "cannot write the Python blocks: %s", strerror(errno));
		return -1;
	}
	bool wrote = write(fd, p->text, p->len) == (ssize_t)p->len;
	close(fd);
	if (!wrote || pipe(pipefd) < 0) {
		unlink(path);
		snprintf(why, cap, "cannot write the Python blocks");
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		exec_python(path);
	}
	close(pipefd[1]);
	char buf[512];
	size_t len = 0;
	ssize_t n;
	while (pid > 0 && (n = read(pipefd[0], buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		keep_tail(why, cap, &len, buf, (size_t)n);
	}
	close(pipefd[0]);
	int status = 0;
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	unlink(path);
	if (pid < 0) {
		snprintf(why, cap, "cannot start python3");
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		snprintf(why, cap, "python3 not found (the %%{ }%% blocks need it)");
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		why[0] = '\0';
		return 0;
	}
	while (len && (why[len - 1] == '\n'))
		why[--len] = '\0';
	return 1;
}
