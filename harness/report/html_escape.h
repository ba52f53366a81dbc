/* html_escape.h — write text into HTML or SVG (element content and
 * attribute values alike): & < > " ' escaped, control characters dropped. */
#ifndef TCPCERT_REPORT_HTML_ESCAPE_H
#define TCPCERT_REPORT_HTML_ESCAPE_H

#include <stdio.h>

void html_put(FILE *f, const char *s);

/* Only the first n bytes of s. */
void html_putn(FILE *f, const char *s, size_t n);

#endif
