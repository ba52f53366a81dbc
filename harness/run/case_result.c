/* case_result.c — see case_result.h. */
#include "harness/run/case_result.h"

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS: return "PASS";
	case VERDICT_FAIL: return "FAIL";
	case VERDICT_BAD_INPUT: return "BAD INPUT";
	case VERDICT_HARNESS_FAULT: return "HARNESS FAULT";
	case VERDICT_DEVIATION: return "DEVIATION";
	}
	return "?";
}
