/* case_files.c — see case_files.h. */
#include "harness/cli/case_files.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int push(struct case_files *cf, const char *path)
{
	if (cf->count == cf->cap) {
		size_t cap = cf->cap ? cf->cap * 2 : 32;
		char **p = realloc(cf->paths, cap * sizeof *p);
		if (!p)
			return -1;
		cf->paths = p;
		cf->cap = cap;
	}
	cf->paths[cf->count] = strdup(path);
	if (!cf->paths[cf->count])
		return -1;
	cf->count++;
	return 0;
}

static bool has_pkt_suffix(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcmp(name + n - 4, ".pkt") == 0;
}

static int walk(struct case_files *cf, const char *dir, char *err, size_t errcap)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d) {
		snprintf(err, errcap, "%s: cannot open folder: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
			 de->d_name);
		if (stat(path, &st) < 0)
			continue;
		int rc = 0;
		if (S_ISDIR(st.st_mode))
			rc = walk(cf, path, err, errcap);
		else if (S_ISREG(st.st_mode) && has_pkt_suffix(de->d_name))
			rc = push(cf, path);
		if (rc < 0) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	return 0;
}

int case_files_add(struct case_files *cf, const char *path, char *err, size_t errcap)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		snprintf(err, errcap, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return walk(cf, path, err, errcap);
	if (push(cf, path) < 0) {
		snprintf(err, errcap, "out of memory");
		return -1;
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void case_files_sort(struct case_files *cf)
{
	if (cf->count > 1)
		qsort(cf->paths, cf->count, sizeof *cf->paths, by_name);
}

void case_files_free(struct case_files *cf)
{
	for (size_t i = 0; i < cf->count; i++)
		free(cf->paths[i]);
	free(cf->paths);
	cf->paths = NULL;
	cf->count = cf->cap = 0;
}
