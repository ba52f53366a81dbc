/* cert_report.h — what the writers of a certification report
 * (cert_markdown.h, cert_html.h) are given. */
#ifndef TCPCERT_REPORT_CERT_REPORT_H
#define TCPCERT_REPORT_CERT_REPORT_H

#include <stddef.h>

#include "harness/report/cert_verdicts.h"

struct cert_report {
	const char *stack;           /* "linux" */
	const char *profile;         /* "linux", "rfc9293" */
	const char *catalogue;       /* the catalogue's path */
	const char *when;            /* "2026-11-25 15:20 UTC" */
	const char *out_dir;         /* DIR: the pcaps are DIR/pcap/STEM.pcap */
	const struct cert_table *table;
	const struct cert_case *cases;
	size_t ncases;
	int exit_code;               /* of the run (README "Exit codes") */
};

#endif
