/* script.c — freeing a parsed script and reading a case file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/script/parse_internal.h"

void event_clear(struct event *ev)
{
	switch (ev->kind) {
	case EVENT_PACKET:
	case EVENT_ICMP:
		break;
	case EVENT_SYSCALL:
		syscall_clear(&ev->u.syscall);
		break;
	case EVENT_SHELL:
		free(ev->u.shell);
		ev->u.shell = NULL;
		break;
	case EVENT_EXPECT:
		expect_clear(&ev->u.expect);
		break;
	case EVENT_CODE:
		free(ev->u.code);
		ev->u.code = NULL;
		break;
	}
}

void script_free(struct script *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->event_count; i++)
		event_clear(&s->events[i]);
	free(s->events);
	for (size_t i = 0; i < s->flag_count; i++) {
		free(s->flags[i].name);
		free(s->flags[i].value);
	}
	free(s->flags);
	for (size_t i = 0; i < s->tag_count; i++)
		free(s->tags[i]);
	free(s->tags);
	free(s->file_name);
	free(s);
}

static int read_error(struct script_error *err, const char *path, int e)
{
	memset(err, 0, sizeof(*err));
	snprintf(err->message, sizeof(err->message), "cannot read %s: %s", path, strerror(e));
	return -1;
}

int script_parse_file(const char *path, struct script **out, struct script_error *err)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return read_error(err, path, errno);
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			size_t ncap = cap ? 2 * cap : 8192;
			char *n = realloc(buf, ncap);
			if (!n) {
				free(buf);
				fclose(f);
				return read_error(err, path, ENOMEM);
			}
			buf = n;
			cap = ncap;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	int e = ferror(f) ? EIO : 0;
	fclose(f);
	if (e) {
		free(buf);
		return read_error(err, path, e);
	}
	int rc = script_parse(path, buf, len, out, err);
	free(buf);
	return rc;
}
