/* python_block.h — packetdrill's "%{ ... }%" blocks.
 *
 * As packetdrill does (code.c): each block, when its time comes, records
 * the TCP_INFO of the socket under test (the last one socket() or accept()
 * returned) as Python assignments (tcpi_snd_cwnd = 10, ..., with the
 * TCP_* state, TCP_CA_* and TCPI_OPT_* names), followed by the block's
 * text.  At the end of the case the whole program runs once in the system
 * python3: blocks see the variables of the blocks before them, and a
 * failed assertion (a non-zero exit) fails the case, naming the script
 * line of the block that raised it. */
#ifndef TCPCERT_RUN_PYTHON_BLOCK_H
#define TCPCERT_RUN_PYTHON_BLOCK_H

#include <stdbool.h>
#include <stddef.h>

struct python_prog {
	char *text;              /* NULL until the first block */
	size_t len, cap;
	bool oom;
};

/* Append one block: `info` is the struct tcp_info the stack returned
 * (info_len bytes, zero-extended when shorter), `code` the block's text. */
void python_block_add(struct python_prog *p, const char *file, int line, const void *info,
		      size_t info_len, const char *code);

/* The getsockopt() level and name whose value python_block_add() takes. */
void python_block_sockopt(int *level, int *optname);

/* Run the program (nothing to do without blocks: returns 0).  Returns 0
 * when python3 exits 0; 1 when it fails, with its last output lines in
 * `why`; -1 when it cannot run (no python3, out of memory), with why. */
int python_block_run(const struct python_prog *p, char *why, size_t cap);

void python_prog_free(struct python_prog *p);

#endif
