/* suite_run.h — what `tcpcert run` and `tcpcert cert` share: expand the
 * PATH arguments into case files, parse every case (a malformed one is
 * reported as file:line:col and not run), run the rest in parallel workers
 * (pool.h) while printing a verdict per case and a progress line, and keep
 * every result; then the summary and the exit code.  SIGINT/SIGTERM stop
 * the run; the results so far are kept. */
#ifndef TCPCERT_CLI_SUITE_RUN_H
#define TCPCERT_CLI_SUITE_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "harness/cli/case_files.h"
#include "harness/report/text_report.h"
#include "harness/run/case_result.h"
#include "harness/run/run_options.h"
#include "harness/script/script.h"

struct suite_run {
	struct case_files cf;          /* the case files, sorted */
	struct script **scripts;       /* scripts[i] parses cf.paths[i]; NULL when malformed */
	struct case_result **results;  /* every finished case, in completion order */
	size_t nresults;
	struct report_counts counts;
	bool interrupted;
	int64_t wall_us;
};

/* Run the cases under paths[0..npaths-1] with opt (opt->pcap_dir must
 * exist if set).  cmd names the command in messages ("tcpcert run").
 * Returns 0 when the cases ran (whatever their verdicts), or an exit code
 * (EXIT_BAD_INPUT for a bad PATH or no case, EXIT_HARNESS_FAULT) after
 * printing why.  Free *sr with suite_run_free() in both cases. */
int suite_run(const char *cmd, char *const *paths, int npaths, const struct run_options *opt,
	      struct suite_run *sr);

void suite_run_free(struct suite_run *sr);

/* The script of a case path; NULL when it did not parse. */
const struct script *suite_script_for(const struct suite_run *sr, const char *path);

/* The exit code of the run (README "Exit codes"). */
int suite_exit_code(const struct suite_run *sr);

/* The first case's pinned stack settings, written to path.  Returns 1 when
 * written, 0 when no case had any, -1 with errno set. */
int suite_write_settings(const struct suite_run *sr, const char *path);

/* "cases/close/x.pkt" -> "DIR/cases_close_x.pcap" (malloc'd; NULL on no memory). */
char *suite_pcap_path(const char *dir, const char *case_path);

/* The defaults of the options run and cert share (no pcap directory). */
void suite_default_options(struct run_options *opt);

/* The options run and cert share, as getopt_long codes: 'j' (--jobs N),
 * 's' (--stack NAME), '6' (--ipv6), 'T' (--case-timeout S), 'p'
 * (--profile NAME), 'v' (--verbose).  Returns 1 when c is one of them and
 * arg applied, 0 when c is another option, -1 after printing
 * "CMD: --OPTION: expected ..., found ...". */
int suite_run_option(const char *cmd, int c, const char *arg, struct run_options *opt);

/* A number option from lo to hi; prints "CMD: NAME: expected ..." and
 * returns -1 when it is not. */
int suite_parse_int(const char *cmd, const char *name, const char *value, long lo, long hi, long *out);

#endif
