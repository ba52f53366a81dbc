/* test_model_input_seq.c — sequence arithmetic modulo 2^32 (RFC 9293 §3.4)
 * and the acceptability test, transcribed from §3.10.7.4 table 6. */
#include "harness/model/seq.h"
#include "tests/test_model_input.h"

/* RFC 9293 §3.4: "the comparison operators are modulo 2**32". */
static void test_seq_lt_leq_wrap(void)
{
	static const struct {
		uint32_t a, b;
		bool lt, leq;
	} rows[] = {
		{ 1, 2, true, true },
		{ 2, 1, false, false },
		{ 7, 7, false, true },
		{ 0xffffffffu, 0, true, true },        /* wraps: 2^32 - 1 < 0 */
		{ 0, 0xffffffffu, false, false },
		{ 0xfffffff0u, 0x10, true, true },
		{ 0x10, 0xfffffff0u, false, false },
		{ 0, 0x7fffffffu, true, true },        /* half the space ahead */
		{ 0x7fffffffu, 0, false, false },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		CU_ASSERT_EQUAL(seq_lt(rows[i].a, rows[i].b), rows[i].lt);
		CU_ASSERT_EQUAL(seq_leq(rows[i].a, rows[i].b), rows[i].leq);
		CU_ASSERT_EQUAL(seq_gt(rows[i].a, rows[i].b), !rows[i].leq);
		CU_ASSERT_EQUAL(seq_geq(rows[i].a, rows[i].b), !rows[i].lt);
	}
}

/* Table 6:
 *   Segment Length  Receive Window  Test
 *   0               0               SEG.SEQ = RCV.NXT
 *   0               >0              RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND
 *   >0              0               not acceptable
 *   >0              >0              RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND
 *                                   or RCV.NXT =< SEG.SEQ+SEG.LEN-1 < RCV.NXT+RCV.WND */
static void test_seg_acceptable_table_6(void)
{
	static const struct {
		uint32_t seq, len, rcv_nxt, rcv_wnd;
		bool ok;
	} rows[] = {
		/* length 0, window 0 */
		{ 100, 0, 100, 0, true },
		{ 101, 0, 100, 0, false },
		{ 99, 0, 100, 0, false },
		/* length 0, window > 0 */
		{ 100, 0, 100, 10, true },
		{ 109, 0, 100, 10, true },
		{ 110, 0, 100, 10, false },
		{ 99, 0, 100, 10, false },
		/* length > 0, window 0: never */
		{ 100, 1, 100, 0, false },
		{ 100, 5, 100, 0, false },
		/* length > 0, window > 0: either end inside */
		{ 100, 5, 100, 10, true },
		{ 95, 10, 100, 10, true },             /* tail inside */
		{ 95, 5, 100, 10, false },             /* ends at 99 */
		{ 95, 6, 100, 10, true },              /* ends at 100 */
		{ 109, 5, 100, 10, true },             /* head inside */
		{ 110, 5, 100, 10, false },
		{ 90, 30, 100, 10, false },            /* covers the window, neither end in it */
		/* across the wrap */
		{ 0xfffffffeu, 4, 0xffffffffu, 10, true },
		{ 3, 1, 0xfffffffcu, 8, true },
		{ 4, 1, 0xfffffffcu, 8, false },
		{ 0xfffffff0u, 0, 0xfffffff8u, 0x20, false },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		CU_ASSERT_EQUAL(seg_acceptable(rows[i].seq, rows[i].len, rows[i].rcv_nxt, rows[i].rcv_wnd),
				rows[i].ok);
}

CU_TestInfo mi_seq_tests[] = {
	{ "seq_lt/leq/gt/geq wrap around 2^32", test_seq_lt_leq_wrap },
	{ "seg_acceptable: table 6", test_seg_acceptable_table_6 },
	CU_TEST_INFO_NULL,
};
