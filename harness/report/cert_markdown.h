/* cert_markdown.h — report.md: a summary and one table row per catalogue
 * requirement, | ID | strength | verdict | cases | note |. */
#ifndef TCPCERT_REPORT_CERT_MARKDOWN_H
#define TCPCERT_REPORT_CERT_MARKDOWN_H

#include <stdio.h>

#include "harness/report/cert_report.h"

void cert_markdown_write(FILE *f, const struct cert_report *r);

#endif
