/* cert_html.h — report.html: self-contained (inline CSS and JS, no
 * network), the requirement table with filters (verdict, strength, text;
 * preset by the query string, e.g. report.html?verdict=fail,error&strength=MUST&q=RST),
 * and for each failing requirement a ladder diagram of the case that
 * failed it (ladder_svg.h) with links to its trace (traces/STEM.txt) and
 * pcap (pcap/STEM.pcap). */
#ifndef TCPCERT_REPORT_CERT_HTML_H
#define TCPCERT_REPORT_CERT_HTML_H

#include <stdio.h>

#include "harness/report/cert_report.h"

void cert_html_write(FILE *f, const struct cert_report *r);

#endif
