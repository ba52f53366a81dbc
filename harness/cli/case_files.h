/* case_files.h — expand the PATH arguments of `tcpcert run` into case
 * files: a file is taken as it is, a folder is walked recursively for
 * *.pkt files.  The list is sorted so runs are reproducible. */
#ifndef TCPCERT_CLI_CASE_FILES_H
#define TCPCERT_CLI_CASE_FILES_H

#include <stddef.h>

struct case_files {
	char **paths;
	size_t count, cap;
};

/* Returns 0, or -1 with a message in err naming the path that failed. */
int case_files_add(struct case_files *cf, const char *path, char *err, size_t errcap);

void case_files_sort(struct case_files *cf);

void case_files_free(struct case_files *cf);

#endif
