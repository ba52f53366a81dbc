/* shell_event.c — see shell_event.h. */
#include "harness/run/shell_event.h"
#include "harness/run/shell_compat.h"

#include <stdlib.h>

#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int shell_event_run(const char *command, const char *workdir, struct trace *tr)
{
	int pipefd[2];
	char *text = shell_compat_rewrite(command, workdir);

	if (!text || pipe(pipefd) < 0) {
		free(text);
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		free(text);
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		if (workdir && chdir(workdir) < 0)
			_exit(126);
		execl("/bin/sh", "sh", "-c", text, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	free(text);
	char buf[1024];
	ssize_t n;
	while ((n = read(pipefd[0], buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		trace_printf(tr, "%.*s", (int)n, buf);
	}
	close(pipefd[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
