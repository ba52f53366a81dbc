/* shell_event.h — run a case's backtick command with /bin/sh inside the
 * case's namespace (the worker process is in it), from the case file's
 * folder, as packetdrill does (with its conventions: shell_compat.h).  Its
 * output goes to the trace. */
#ifndef TCPCERT_RUN_SHELL_EVENT_H
#define TCPCERT_RUN_SHELL_EVENT_H

#include <stddef.h>

#include "harness/run/trace.h"

/* Returns the command's exit status (0 = success), 128+N for a signal, or
 * -1 when it could not be started; output is appended to the trace. */
int shell_event_run(const char *command, const char *workdir, struct trace *tr);

#endif
