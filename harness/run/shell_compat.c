/* shell_compat.c — see shell_compat.h. */
#include "harness/run/shell_compat.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { PATH_CAP = 4096, MAX_LINK_HOPS = 8, PLACEHOLDER_MAX = 255 };

static const char SET_SYSCTLS_FN[] =
	"tcpcert_set_sysctls() {\n"
	"\t_r=/tmp/sysctl_restore_${PPID}.sh\n"
	"\tprintf '#!/bin/sh\\nrm -f \"$0\"\\n' > \"$_r\" && chmod 755 \"$_r\" || return 1\n"
	"\tfor _a; do printf '%s\\n' \"${_a#*=}\" > \"${_a%%=*}\" || return 1; done\n"
	"}\n";

/* A fresh namespace's TCP and ICMP sysctls, over tcpcert's pinned ones. */
static const char FRESH_SYSCTLS_FN[] =
	"tcpcert_fresh_sysctls() {\n"
	"\tunshare -n sysctl -a -r '^net\\.ipv4\\.(tcp_|icmp_)' 2>/dev/null |\n"
	"\twhile IFS= read -r _l; do sysctl -q -w \"${_l%% = *}=${_l#* = }\" >/dev/null 2>&1; done\n"
	"\treturn 0\n"
	"}\n";

struct sbuf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void put(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void puts_(struct sbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* `path` (relative to workdir unless absolute) as a path from workdir;
 * false when it does not fit. */
static bool join(char *out, const char *dir, const char *path)
{
	int n;
	if (path[0] == '/' || !dir || !dir[0])
		n = snprintf(out, PATH_CAP, "%s", path);
	else
		n = snprintf(out, PATH_CAP, "%s/%s", dir, path);
	return n > 0 && n < PATH_CAP;
}

/* A file holding only a relative path: a symlink stored as a file.  On
 * success `path` becomes its target (relative to the file's folder). */
static bool follow_placeholder(char *path)
{
	char text[PLACEHOLDER_MAX + 1];
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	size_t n = fread(text, 1, sizeof text, f);
	fclose(f);
	if (n == 0 || n > PLACEHOLDER_MAX)
		return false;
	text[n] = '\0';
	while (n && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		text[--n] = '\0';
	if (n == 0 || text[0] == '/' || text[0] == '#' || strpbrk(text, " \t\n\r;&|$`'\""))
		return false;
	char dir[PATH_CAP], target[PATH_CAP];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	if (!join(target, dir, text) || access(target, F_OK) != 0)
		return false;
	snprintf(path, PATH_CAP, "%s", target);
	return true;
}

/* The replacement for a "*.sh" command word, or false to keep it. */
static bool rewrite_sh(const char *word, size_t n, const char *workdir, struct sbuf *out)
{
	char rel[PATH_CAP], path[PATH_CAP];
	snprintf(rel, sizeof rel, "%.*s", (int)n, word);
	struct stat st;
	if (!join(path, workdir, rel) || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	bool followed = false;
	for (int hop = 0; hop < MAX_LINK_HOPS && follow_placeholder(path); hop++)
		followed = true;
	if (!followed && access(path, X_OK) == 0)
		return false;
	/* The path is now relative to workdir (the shell's folder) or absolute. */
	const char *shown = path;
	size_t wl = workdir ? strlen(workdir) : 0;
	if (wl && strncmp(path, workdir, wl) == 0 && path[wl] == '/')
		shown = path + wl + 1;
	if (access(path, X_OK) != 0)
		puts_(out, "/bin/sh ");
	puts_(out, "'");
	puts_(out, shown);
	puts_(out, "'");
	return true;
}

static bool rewrite_set_sysctls(const char *word, size_t n, struct sbuf *out, bool *need_fn)
{
	if (!ends_with(word, n, "set_sysctls.py"))
		return false;
	puts_(out, "tcpcert_set_sysctls");
	*need_fn = true;
	return true;
}

char *shell_compat_rewrite(const char *command, const char *workdir)
{
	struct sbuf body = { 0 }, out = { 0 };
	bool need_fn = false, need_fresh = false, continued = false;
	const char *p = command;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t line_len = eol ? (size_t)(eol - p) : strlen(p);
		size_t i = 0;
		while (i < line_len && (p[i] == ' ' || p[i] == '\t'))
			i++;
		size_t w = i;
		while (w < line_len && p[w] != ' ' && p[w] != '\t' && p[w] != ';' && p[w] != '\r')
			w++;
		put(&body, p, i);
		bool done = false;
		if (!continued && w > i && memchr(p + i, '/', w - i)) {
			if (ends_with(p + i, w - i, "common/defaults.sh")) {
				puts_(&body, "tcpcert_fresh_sysctls; ");
				need_fresh = true;
			}
			if (ends_with(p + i, w - i, ".sh"))
				done = rewrite_sh(p + i, w - i, workdir, &body);
			else
				done = rewrite_set_sysctls(p + i, w - i, &body, &need_fn);
		}
		put(&body, p + (done ? w : i), line_len - (done ? w : i));
		continued = line_len > 0 && p[line_len - 1] == '\\';
		p += line_len;
		if (*p == '\n') {
			put(&body, "\n", 1);
			p++;
		}
	}
	if (need_fn)
		puts_(&out, SET_SYSCTLS_FN);
	if (need_fresh)
		puts_(&out, FRESH_SYSCTLS_FN);
	puts_(&out, body.p ? body.p : "");
	free(body.p);
	if (body.oom || out.oom) {
		free(out.p);
		return NULL;
	}
	return out.p;
}
