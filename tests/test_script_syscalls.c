/* test_script_syscalls.c — system-call lines: arguments, results, errno
 * and note, end times, and the expression forms nested inside. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/test_script.h"

static const struct script_syscall *only_call(const struct script *s)
{
	CU_ASSERT_EQUAL_FATAL(s->event_count, 1);
	CU_ASSERT_EQUAL_FATAL(s->events[0].kind, EVENT_SYSCALL);
	return &s->events[0].u.syscall;
}

static void assert_int(const struct expr *e, int64_t v)
{
	CU_ASSERT_EQUAL_FATAL(e->kind, EXPR_INT);
	CU_ASSERT_EQUAL(e->num, v);
}

static void assert_symbol(const struct expr *e, const char *name)
{
	CU_ASSERT_EQUAL_FATAL(e->kind, EXPR_SYMBOL);
	CU_ASSERT_STRING_EQUAL(e->str, name);
}

static void test_socket(void)
{
	struct script *s = parse_ok("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n");
	const struct script_syscall *c = only_call(s);
	CU_ASSERT_STRING_EQUAL(c->name, "socket");
	CU_ASSERT_EQUAL_FATAL(c->arg_count, 3);
	CU_ASSERT_EQUAL(c->args[0]->kind, EXPR_ELLIPSIS);
	CU_ASSERT_EQUAL(c->args[0]->loc.col, 10);
	assert_symbol(c->args[1], "SOCK_STREAM");
	assert_symbol(c->args[2], "IPPROTO_TCP");
	assert_int(c->result, 3);
	CU_ASSERT_PTR_NULL(c->errno_name);
	CU_ASSERT_PTR_NULL(c->errno_text);
	CU_ASSERT_FALSE(c->has_end_time);
	script_free(s);
}

static void test_setsockopt_list_and_struct(void)
{
	struct script *s = parse_ok("+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0\n");
	const struct script_syscall *c = only_call(s);
	CU_ASSERT_EQUAL_FATAL(c->arg_count, 5);
	CU_ASSERT_EQUAL_FATAL(c->args[3]->kind, EXPR_LIST);
	CU_ASSERT_EQUAL_FATAL(c->args[3]->count, 1);
	assert_int(c->args[3]->items[0], 1);
	script_free(s);

	s = parse_ok("+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0\n");
	c = only_call(s);
	const struct expr *st = c->args[3];
	CU_ASSERT_EQUAL_FATAL(st->kind, EXPR_STRUCT);
	CU_ASSERT_EQUAL_FATAL(st->count, 2);
	CU_ASSERT_EQUAL(st->items[0]->kind, EXPR_FIELD);
	CU_ASSERT_STRING_EQUAL(st->items[0]->str, "l_onoff");
	CU_ASSERT_EQUAL_FATAL(st->items[0]->count, 1);
	assert_int(st->items[0]->items[0], 1);
	CU_ASSERT_STRING_EQUAL(st->items[1]->str, "l_linger");
	assert_int(st->items[1]->items[0], 0);
	script_free(s);
}

static void test_errno_and_note(void)
{
	struct script *s = parse_ok("+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n");
	const struct script_syscall *c = only_call(s);
	assert_int(c->result, -1);
	CU_ASSERT_STRING_EQUAL(c->errno_name, "EINPROGRESS");
	CU_ASSERT_STRING_EQUAL(c->errno_text, "Operation now in progress");
	script_free(s);

	s = parse_ok("+0 fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)\n");
	c = only_call(s);
	assert_int(c->result, 2);
	CU_ASSERT_PTR_NULL(c->errno_name);
	CU_ASSERT_STRING_EQUAL(c->errno_text, "flags O_RDWR");
	script_free(s);

	s = parse_ok("+0 sendto(4, NULL, 1, MSG_FASTOPEN, ..., ...) = -1\n");
	c = only_call(s);
	assert_int(c->result, -1);
	CU_ASSERT_PTR_NULL(c->errno_name);
	script_free(s);
}

static void test_or_expression_and_ints(void)
{
	struct script *s = parse_ok("+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK|0x800) = 0\n");
	const struct script_syscall *c = only_call(s);
	const struct expr *e = c->args[2];
	CU_ASSERT_EQUAL_FATAL(e->kind, EXPR_OR);
	CU_ASSERT_EQUAL_FATAL(e->count, 3);
	assert_symbol(e->items[0], "O_RDWR");
	assert_symbol(e->items[1], "O_NONBLOCK");
	assert_int(e->items[2], 0x800);
	CU_ASSERT_EQUAL(e->loc.col, 22);
	script_free(s);

	s = parse_ok("0 f(-9223372036854775808, 9223372036854775807, 0xffffffff, -0x10, \"a\\\"b\\n\") = ...\n");
	c = only_call(s);
	CU_ASSERT_EQUAL_FATAL(c->arg_count, 5);
	assert_int(c->args[0], INT64_MIN);
	assert_int(c->args[1], INT64_MAX);
	assert_int(c->args[2], 0xffffffff);
	assert_int(c->args[3], -16);
	CU_ASSERT_EQUAL_FATAL(c->args[4]->kind, EXPR_STRING);
	CU_ASSERT_STRING_EQUAL(c->args[4]->str, "a\"b\n");
	CU_ASSERT_EQUAL(c->args[4]->num, 4);
	CU_ASSERT_EQUAL(c->result->kind, EXPR_ELLIPSIS);
	script_free(s);

	/* TCP_FASTOPEN_KEY's bytes: \xHH escapes, a zero byte among them. */
	s = parse_ok("0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_KEY, \"\\xf7\\x00c\\x4A\", 4) = 0\n");
	c = only_call(s);
	CU_ASSERT_EQUAL_FATAL(c->args[3]->kind, EXPR_STRING);
	CU_ASSERT_EQUAL_FATAL(c->args[3]->num, 4);
	CU_ASSERT_EQUAL(memcmp(c->args[3]->str, "\xf7\x00" "c\x4a", 4), 0);
	script_free(s);

	s = parse_ok("0 getpid() = 7\n");
	c = only_call(s);
	CU_ASSERT_EQUAL(c->arg_count, 0);
	CU_ASSERT_PTR_NULL(c->args);
	script_free(s);
}

/* A sockaddr as packetdrill and strace write it: calls as member values;
 * a space before '(' still starts a result's note. */
static void test_sockaddr_calls(void)
{
	struct script *s = parse_ok("+0 connect(3, {sa_family=AF_INET6, sin6_port=htons(8080), "
				    "sin6_addr=inet_pton(AF_INET6, \"ff02::1\")}, 28) = -1 ENETUNREACH "
				    "(Network is unreachable)\n");
	const struct script_syscall *c = only_call(s);
	const struct expr *sa = c->args[1];
	CU_ASSERT_EQUAL_FATAL(sa->kind, EXPR_STRUCT);
	CU_ASSERT_EQUAL_FATAL(sa->count, 3);
	assert_symbol(sa->items[0]->items[0], "AF_INET6");
	const struct expr *port = sa->items[1]->items[0];
	assert_symbol(port, "htons");
	CU_ASSERT_EQUAL_FATAL(port->count, 1);
	assert_int(port->items[0], 8080);
	const struct expr *addr = sa->items[2]->items[0];
	assert_symbol(addr, "inet_pton");
	CU_ASSERT_EQUAL_FATAL(addr->count, 2);
	assert_symbol(addr->items[0], "AF_INET6");
	CU_ASSERT_STRING_EQUAL(addr->items[1]->str, "ff02::1");
	CU_ASSERT_STRING_EQUAL(c->errno_text, "Network is unreachable");
	script_free(s);

	s = parse_ok("+0 f(3) = SOME_FLAG (a note)\n");
	c = only_call(s);
	assert_symbol(c->result, "SOME_FLAG");
	CU_ASSERT_EQUAL(c->result->count, 0);
	CU_ASSERT_STRING_EQUAL(c->errno_text, "a note");
	script_free(s);
}

static void test_end_times(void)
{
	static const struct {
		const char *text;
		enum time_kind start_kind, end_kind;
		int64_t start, end;
	} cases[] = {
		{ "0.100...0.200 accept(3, ..., ...) = 4\n", TIME_ABSOLUTE, TIME_ABSOLUTE, 100000, 200000 },
		{ "+.1...0.200 connect(3, ..., ...) = 0\n", TIME_RELATIVE, TIME_RELATIVE, 100000, 200000 },
		{ "+.002 ... 0.004 connect(4, ..., ...) = 0\n", TIME_RELATIVE, TIME_RELATIVE, 2000, 4000 },
		{ "+0...0 connect(4, ..., ...) = 0\n", TIME_RELATIVE, TIME_RELATIVE, 0, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct script *s = parse_ok(cases[i].text);
		const struct script_syscall *c = only_call(s);
		CU_ASSERT_EQUAL(s->events[0].time.kind, cases[i].start_kind);
		CU_ASSERT_EQUAL(s->events[0].time.usecs, cases[i].start);
		CU_ASSERT_TRUE(c->has_end_time);
		CU_ASSERT_EQUAL(c->end_time.kind, cases[i].end_kind);
		CU_ASSERT_EQUAL(c->end_time.usecs, cases[i].end);
		CU_ASSERT_FALSE(c->end_time.is_range);
		script_free(s);
	}
}

static void test_msghdr_nested(void)
{
	struct script *s = parse_ok(
		"+0 recvmsg(4, {msg_name(...)=...,\n"
		"               msg_iov(1)=[{...,0}],\n"
		"               msg_flags=MSG_ERRQUEUE,\n"
		"               msg_control=[{cmsg_level=CMSG_LEVEL_IP,\n"
		"                             cmsg_data={ee_errno=0, ee_data=2}}\n"
		"               ]}, MSG_ERRQUEUE) = 0\n");
	const struct script_syscall *c = only_call(s);
	CU_ASSERT_EQUAL_FATAL(c->arg_count, 3);
	const struct expr *m = c->args[1];
	CU_ASSERT_EQUAL_FATAL(m->kind, EXPR_STRUCT);
	CU_ASSERT_EQUAL_FATAL(m->count, 4);
	/* msg_name(...)=... : value then the argument */
	CU_ASSERT_STRING_EQUAL(m->items[0]->str, "msg_name");
	CU_ASSERT_EQUAL_FATAL(m->items[0]->count, 2);
	CU_ASSERT_EQUAL(m->items[0]->items[0]->kind, EXPR_ELLIPSIS);
	CU_ASSERT_EQUAL(m->items[0]->items[1]->kind, EXPR_ELLIPSIS);
	const struct expr *iov = m->items[1];
	CU_ASSERT_STRING_EQUAL(iov->str, "msg_iov");
	CU_ASSERT_EQUAL_FATAL(iov->count, 2);
	assert_int(iov->items[1], 1);
	CU_ASSERT_EQUAL_FATAL(iov->items[0]->kind, EXPR_LIST);
	const struct expr *v = iov->items[0]->items[0];
	CU_ASSERT_EQUAL_FATAL(v->kind, EXPR_STRUCT);   /* positional {..., 0} */
	CU_ASSERT_EQUAL_FATAL(v->count, 2);
	CU_ASSERT_EQUAL(v->items[0]->kind, EXPR_ELLIPSIS);
	assert_int(v->items[1], 0);
	CU_ASSERT_EQUAL(iov->loc.line, 2);
	CU_ASSERT_EQUAL(iov->loc.col, 16);
	const struct expr *ctl = m->items[3]->items[0];
	CU_ASSERT_EQUAL_FATAL(ctl->kind, EXPR_LIST);
	const struct expr *cmsg = ctl->items[0];
	CU_ASSERT_EQUAL_FATAL(cmsg->count, 2);
	const struct expr *data = cmsg->items[1]->items[0];
	CU_ASSERT_EQUAL_FATAL(data->kind, EXPR_STRUCT);
	CU_ASSERT_STRING_EQUAL(data->items[1]->str, "ee_data");
	assert_int(data->items[1]->items[0], 2);
	assert_symbol(c->args[2], "MSG_ERRQUEUE");
	script_free(s);
}

static void test_poll_and_epoll(void)
{
	struct script *s = parse_ok("+0...0.040 poll([{fd=4,\n events=POLLOUT,\n revents=POLLOUT}], 1, 1000) = 1\n"
				    "+0 epoll_ctl(5, EPOLL_CTL_ADD, 4, {events=EPOLLOUT|EPOLLIN|EPOLLET, fd=4}) = 0\n"
				    "+0 pipe([5, 6]) = 0\n+0 open(\"/tmp/testfile\", O_RDONLY) = 5\n");
	CU_ASSERT_EQUAL_FATAL(s->event_count, 4);
	const struct expr *ev = s->events[1].u.syscall.args[3];
	CU_ASSERT_EQUAL_FATAL(ev->kind, EXPR_STRUCT);
	CU_ASSERT_EQUAL(ev->items[0]->items[0]->kind, EXPR_OR);
	CU_ASSERT_EQUAL(ev->items[0]->items[0]->count, 3);
	CU_ASSERT_STRING_EQUAL(s->events[3].u.syscall.args[0]->str, "/tmp/testfile");
	CU_ASSERT_EQUAL(s->events[2].u.syscall.args[0]->count, 2);
	script_free(s);
}

static void test_deep_nesting_is_bounded(void)
{
	/* 64 levels are fine; 65 are an error, and 100000 do not overflow the stack. */
	char ok[256], *deep = malloc(200016);
	CU_ASSERT_FATAL(deep != NULL);
	int n = snprintf(ok, sizeof(ok), "0 f(");
	for (int i = 0; i < 63; i++)
		ok[n++] = '[';
	for (int i = 0; i < 63; i++)
		ok[n++] = ']';
	snprintf(ok + n, sizeof(ok) - (size_t)n, ") = 0\n");
	struct script *s = parse_ok(ok);
	script_free(s);
	n = snprintf(deep, 16, "0 f(");
	for (int i = 0; i < 100000; i++)
		deep[n++] = i % 2 ? '[' : '{';
	deep[n] = '\0';
	struct script_error err;
	s = NULL;
	CU_ASSERT_EQUAL(script_parse("d", deep, strlen(deep), &s, &err), -1);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_EQUAL(err.line, 1);
	CU_ASSERT_EQUAL(err.col, 4 + 64);
	CU_ASSERT_STRING_EQUAL(err.message, "expected at most 64 levels of nested brackets, found '['");
	free(deep);
}

CU_TestInfo script_syscall_tests[] = {
	{ "socket(..., SOCK_STREAM, IPPROTO_TCP) = 3", test_socket },
	{ "setsockopt with [list] and {struct}", test_setsockopt_list_and_struct },
	{ "errno name and (note)", test_errno_and_note },
	{ "A|B, integers, strings, empty args", test_or_expression_and_ints },
	{ "sockaddr members: htons(N), inet_addr(\"A\")", test_sockaddr_calls },
	{ "T...E end times", test_end_times },
	{ "msghdr: name(arg)=value, positional members, nesting", test_msghdr_nested },
	{ "poll, epoll, pipe, open", test_poll_and_epoll },
	{ "deep nesting is bounded", test_deep_nesting_is_bounded },
	CU_TEST_INFO_NULL,
};
