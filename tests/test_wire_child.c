/* test_wire_child.c — see test_wire_child.h. */
#include "tests/test_wire_child.h"

#include <CUnit/CUnit.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { CHILD_TIMEOUT_S = 60 };

static int child_body(wire_child_fn fn, void *arg, char *msg, size_t cap)
{
	struct sut_config cfg;
	sut_config_default(&cfg);
	struct sut sut = { .ops = &sut_linux_ops };
	struct sut_error err = { "" };
	if (sut.ops->attach(&sut, &cfg, &err) != 0) {
		snprintf(msg, cap, "attach: %s", err.message);
		sut.ops->detach(&sut);
		return -1;
	}
	int rc = fn(&sut, arg, msg, cap);
	sut.ops->detach(&sut);
	return rc;
}

static void fail(const char *what, int line, const char *text)
{
	char buf[1024];
	snprintf(buf, sizeof buf, "%s: %s", what, text);
	CU_assertImplementation(CU_FALSE, (unsigned)line, buf, __FILE__, what, CU_FALSE);
}

bool wire_in_child(wire_child_fn fn, void *arg, const char *what, int line, pid_t *pid_out)
{
	int p[2];
	if (pipe(p) != 0) {
		fail(what, line, strerror(errno));
		return false;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		fail(what, line, strerror(errno));
		return false;
	}
	if (pid == 0) {
		close(p[0]);
		alarm(CHILD_TIMEOUT_S);
		char msg[512] = "";
		int rc = child_body(fn, arg, msg, sizeof msg);
		ssize_t w = write(p[1], msg, strlen(msg));
		(void)w;
		_exit(rc == 0 ? 0 : 1);
	}
	close(p[1]);
	if (pid_out)
		*pid_out = pid;
	char msg[512];
	size_t got = 0;
	for (;;) {
		ssize_t n = read(p[0], msg + got, sizeof msg - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	msg[got] = '\0';
	close(p[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	char text[700];
	if (WIFSIGNALED(status))
		snprintf(text, sizeof text, "child killed by signal %d (%s)%s%s", WTERMSIG(status),
			 strsignal(WTERMSIG(status)), got ? ": " : "", msg);
	else
		snprintf(text, sizeof text, "%s", got ? msg : "child failed without a message");
	fail(what, line, text);
	return false;
}
