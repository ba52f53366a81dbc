/* test_script_errors.c — malformed inputs: each gives exactly one error,
 * at an exact line:col, worded "expected X, found Y" (no file name). */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

#include "tests/test_script.h"

static const struct {
	const char *text;
	int line, col;
	const char *message;
} cases[] = {
	{ "0 close(3; = 0\n",
	  1, 10, "expected ')' or ',', found ';'" },
	{ "foo close(3) = 0\n",
	  1, 1, "expected a time (e.g. 0, +0.1, *), found 'foo'" },
	{ "0 < Q 0:0(0)\n",
	  1, 5, "expected packet flags (S, F, R, P, ., U, E, W, A, an ACE digit 0-7 or -), found 'Q'" },
	{ "0 < SQ. 0:0(0)\n",
	  1, 5, "expected packet flags (S, F, R, P, ., U, E, W, A, an ACE digit 0-7 or -), found 'SQ.'" },
	{ "0 > S. 0:0(0) ack 1 <mss 1460\n",
	  1, 30, "expected ',' or '>' after a TCP option, found end of line" },
	{ "0 > S. 0:0(0) ack 1 <mss 1460;nop>\n",
	  1, 30, "expected ',' or '>' after a TCP option, found ';'" },
	{ "0 < . 1:1001(999) ack 1\n",
	  1, 14, "expected payload length 1000 (end - start), found '999'" },
	{ "0 < . 1:1001 ack 1\n",
	  1, 14, "expected '(' in start:end(length), found 'ack'" },
	{ "0 < . 1:1(0) ack\n",
	  1, 17, "expected a 32-bit acknowledgment number, found end of line" },
	{ "0 < . 1:1(0) bogus 1\n",
	  1, 14, "expected 'ack', 'win', 'urg', '<' options, 'csum bad', 'ip' attributes or end of line, found 'bogus'" },
	{ "0 < . 1:1(0) win 70000\n",
	  1, 18, "expected a window 0..65535, found '70000'" },
	{ "0 < . 1:1(0) ack 1 ack 2\n",
	  1, 20, "expected each of ack, win, urg, <options>, csum and ip at most once, found 'ack'" },
	{ "0 < . 1:1(0) ip\n",
	  1, 16, "expected an IP attribute (tos, ttl, df, nodf, src, dst or options), found end of line" },
	{ "0 < . 1:1(0) ip ttl 256\n",
	  1, 21, "expected a TTL / hop limit 0..255, found '256'" },
	{ "0 < . 1:1(0) ip ttl 1 ttl 2\n",
	  1, 23, "expected each IP attribute at most once, found 'ttl'" },
	{ "0 < . 1:1(0) ip src 300.1.1.1\n",
	  1, 21, "expected an IPv4 or IPv6 address, found '300.1.1.1'" },
	{ "0 < . 1:1(0) ip options 940400\n",
	  1, 25, "expected IPv4 option bytes in hex, a multiple of 4 bytes and at most 40 (e.g. 94040000), found '940400'" },
	{ "0 < . 1:1(0) ip df ip ttl 1\n",
	  1, 20, "expected each of ack, win, urg, <options>, csum and ip at most once, found 'ip'" },
	{ "0 < . 1:1(0) csum good\n",
	  1, 19, "expected 'bad' after 'csum', found 'good'" },
	{ "0 < . 1:1(0) <sack 1:2 3:4 5:6 7:8 9:10>\n",
	  1, 36, "expected at most 4 SACK blocks, then ',' or '>', found '9'" },
	{ "0 < . 1:1(0) <FO abc>\n",
	  1, 18, "expected a Fast Open cookie (an even number of hex digits, at most 38 bytes), found 'abc'" },
	{ "0 < . 1:1(0) <FO 001122334455667788990011223344556677889900112233445566778899001122334455667788>\n",
	  1, 18, "expected a Fast Open cookie (an even number of hex digits, at most 38 bytes), found '00112233445566778899001122334455...'" },
	{ "0 < . 1:1(0) <TS val 1>\n",
	  1, 23, "expected 'ecr' after the TS value, found '>'" },
	{ "0 < . 1:1(0) <nop,...>\n",
	  1, 19, "expected a TCP option (nop, eol, mss, wscale, sackOK, sack, TS, FO, md5, ECN, kind or ...), found '...'" },
	{ "0 < . 1:1(0) <frob>\n",
	  1, 15, "expected a TCP option (nop, eol, mss, wscale, sackOK, sack, TS, FO, md5, ECN, kind or ...), found 'frob'" },
	{ "0 < . 1:1(0) <kind 300 len 2>\n",
	  1, 20, "expected an option kind 0..255, found '300'" },
	{ "0 < [ect2] . 1:1(0)\n",
	  1, 6, "expected an ECN codepoint (noecn, ect0, ect1, ect01 or ce), found 'ect2'" },
	{ "0 < @x . 1:1(0)\n",
	  1, 6, "expected a connection label number after '@', found 'x'" },
	{ "0 >\n",
	  1, 4, "expected packet flags (S, F, R, P, ., U, E, W, A, an ACE digit 0-7 or -), found end of line" },
	{ "0 <\n",
	  1, 4, "expected packet flags (S, F, R, P, ., U, E, W, A, an ACE digit 0-7 or -), found end of line" },
	{ "0 > S 0:0(0) 1\n",
	  1, 14, "expected 'ack', 'win', 'urg', '<' options, 'csum bad', 'ip' attributes or end of line, found '1'" },
	{ "0 close(3) = 0 x y\n",
	  1, 18, "expected end of line, found 'y'" },
	{ "0 close(3) = 0 EPIPE (Broken pipe\n",
	  1, 34, "expected ')' to end the note, found end of line" },
	{ "0 close(3)\n",
	  1, 11, "expected '=' and a result, found end of line" },
	{ "0 close(3) =\n",
	  1, 13, "expected a result after '=', found end of line" },
	{ "0 close 3\n",
	  1, 9, "expected '(' after the system call name 'close', found '3'" },
	{ "0 f([1, 2) = 0\n",
	  1, 10, "expected ']' or ',', found ')'" },
	{ "0 f({a=1 b=2}) = 0\n",
	  1, 10, "expected '}' or ',', found 'b'" },
	{ "0 f(99999999999999999999) = 0\n",
	  1, 5, "expected an integer (decimal or 0x hex, 64-bit), found '99999999999999999999'" },
	{ "0 f(1.5) = 0\n",
	  1, 5, "expected an integer (decimal or 0x hex, 64-bit), found '1.5'" },
	{ "0 f(#) = 0\n",
	  1, 5, "expected an expression (integer, ..., symbol, \"string\", [list] or {struct}), found '#'" },
	{ "+0 %{ x\n",
	  1, 5, "expected '}%' to close this %{ Python block, found end of file" },
	{ "0.1~+0.3 > S 0:0(0)\n",
	  1, 5, "expected a time without '+' (a range that starts absolute ends absolute), found '+'" },
	{ "+0.1~0.3 > S 0:0(0)\n",
	  1, 6, "expected '+' (a range that starts relative ends relative), found '0.3'" },
	{ "0.3~0.1 > S 0:0(0)\n",
	  1, 5, "expected a range end not before its start, found '0.1'" },
	{ "+ > S 0:0(0)\n",
	  1, 3, "expected a time (e.g. 0, +0.1, *), found '>'" },
	{ "0 close(3) = 0 0 close(4) = 0\n",
	  1, 16, "expected end of line, found '0'" },
	{ "0 expect state ESTABLISHD\n",
	  1, 16, "expected a TCP state name (e.g. ESTABLISHED, TIME_WAIT), found 'ESTABLISHD'" },
	{ "0 expect state @2\n",
	  1, 18, "expected a TCP state name (e.g. ESTABLISHED, TIME_WAIT), found end of line" },
	{ "0 expect state ESTABLISHED timer bogus\n",
	  1, 34, "expected a timer name (on, retransmit, keepalive, time_wait, probe or off), found 'bogus'" },
	{ "0 expect state ESTABLISHED timer on timer off\n",
	  1, 37, "expected each of timer, expires and retransmits at most once, found 'timer'" },
	{ "0 expect state ESTABLISHED expires x\n",
	  1, 36, "expected a time in seconds (e.g. 59.0 or 59.0~60.0), found 'x'" },
	{ "0 expect state ESTABLISHED expires 2~1\n",
	  1, 38, "expected a range end not before its start, found '1'" },
	{ "0 expect state ESTABLISHED foo\n",
	  1, 28, "expected 'timer', 'expires', 'retransmits' or end of line, found 'foo'" },
	{ "0 expect count SYN_RECV\n",
	  1, 24, "expected a socket count, found end of line" },
	{ "0 expect count SYN_RECV 4 5\n",
	  1, 27, "expected end of line, found '5'" },
	{ "0.1...x accept(3, ..., ...) = 4\n",
	  1, 7, "expected an end time after '...' (e.g. 0.200), found 'x'" },
	{ "0.1...0.2 > S 0:0(0)\n",
	  1, 11, "expected a system call after the '...' end time, found '>'" },
	{ "0 `unterminated\n",
	  1, 3, "expected a closing '`' for this shell command, found end of file" },
	{ "0 f(\"abc) = 0\n",
	  1, 5, "expected a closing '\"' for this string, found end of line" },
	{ "/* never closed\n",
	  1, 1, "expected '*/' to close this comment, found end of file" },
	{ "--\n",
	  1, 3, "expected a flag name after '--' (e.g. --tolerance_usecs=10000), found end of line" },
	{ "0 close(3) = 0\n--late=1\n",
	  2, 1, "expected an event, found a script flag (--name=value lines must come before the first event)" },
	{ "// tags: MUST-1,\n",
	  1, 17, "expected a requirement ID (e.g. MUST-1), found end of line" },
	{ "// tags: MUST-1 SHLD-2\n",
	  1, 17, "expected ',' or end of line after a tag, found 'SHLD-2'" },
	{ "0 > S 0:0(0) ack 1 <mss 1460,,nop>\n",
	  1, 30, "expected a TCP option (nop, eol, mss, wscale, sackOK, sack, TS, FO, md5, ECN, kind or ...), found ','" },
	{ "0 < udp (10)\n",
	  1, 5, "expected a TCP or ICMP packet (UDP packets are not supported), found 'udp'" },
	{ "* \n",
	  1, 2, "expected an event (a packet '<' or '>', a system call, a `shell command` or 'expect'), found end of line" },
	/* errors on a later line */
	{ "0 close(3) = 0\n\n  +0 > S 0:0(0) ack 1 <mss 1460;nop>\n",
	  3, 32, "expected ',' or '>' after a TCP option, found ';'" },
	{ "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 recvmsg(4, {msg_iov(1)=[{...,0}],\n msg_flags=0; }, 0) = 0\n",
	  3, 13, "expected '}' or ',', found ';'" },
};

static void test_error_table(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct script *s = (struct script *)&cases[i];
		struct script_error err;
		int rc = script_parse("bad.pkt", cases[i].text, strlen(cases[i].text), &s, &err);
		CU_ASSERT_EQUAL(rc, -1);
		CU_ASSERT_PTR_NULL(s);
		if (rc != -1 || err.line != cases[i].line || err.col != cases[i].col ||
		    strcmp(err.message, cases[i].message) != 0)
			fprintf(stderr, "\ncase %zu: %s  got %d:%d: %s\n  want %d:%d: %s\n", i,
				cases[i].text, err.line, err.col, err.message, cases[i].line, cases[i].col,
				cases[i].message);
		CU_ASSERT_EQUAL(err.line, cases[i].line);
		CU_ASSERT_EQUAL(err.col, cases[i].col);
		CU_ASSERT_STRING_EQUAL(err.message, cases[i].message);
	}
}

static void test_truncations_never_crash(void)
{
	/* Every prefix of a rich script either parses or reports a located error. */
	static const char text[] =
		"// tags: MUST-1\n--tolerance_usecs=1\n`x`\n0.1...0.2 accept(3, {a(1)=[1, \"s\"]}, A|B) = -1 E (t)\n"
		"+0~+1 > @1 [ce] SEW. 1:2(1) ack 3 win 4 urg 5 <mss 1,sack 1:2,TS val 1 ecr 2,FO 00,kind 1 len 2 data 00> csum bad\n"
		"+0 expect state TIME_WAIT timer on expires 1~2 retransmits 3\n";
	for (size_t n = 0; n <= strlen(text); n++) {
		struct script *s = NULL;
		struct script_error err;
		if (script_parse("p", text, n, &s, &err) == 0) {
			script_free(s);
		} else {
			CU_ASSERT_TRUE(err.line >= 1 && err.col >= 1);
			CU_ASSERT_EQUAL(strncmp(err.message, "expected ", 9), 0);
		}
	}
}

CU_TestInfo script_error_tests[] = {
	{ "malformed inputs: line:col and message", test_error_table },
	{ "every prefix of a script: parse or located error", test_truncations_never_crash },
	CU_TEST_INFO_NULL,
};
