/* syscall_cmsg.c — recvmsg's expected ancillary data, packetdrill's
 * msg_control=[{cmsg_level=L, cmsg_type=T, cmsg_data=D}, ...], checked
 * message by message against what the stack returned:
 *
 *   cmsg_data=N                 an int (TCP_CM_INQ, ...)
 *   cmsg_data={ee_errno=..., ee_origin=..., ee_type=..., ee_code=...,
 *              ee_info=..., ee_data=...}   a struct sock_extended_err
 *                               (IP_RECVERR: zerocopy completions, timestamps)
 *   cmsg_data={scm_sec=S, scm_nsec=N}   a struct scm_timestamping whose
 *                               software time is script time S.N, within
 *                               the case's tolerance
 *
 * Other payloads are an error naming them. */
#include <time.h>   /* struct timespec, for linux/errqueue.h */
#include <linux/errqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "harness/run/syscall_plan_internal.h"

static const struct expr *field(const struct expr *s, const char *name)
{
	for (size_t i = 0; i < s->count; i++)
		if (s->items[i]->kind == EXPR_FIELD && strcmp(s->items[i]->str, name) == 0)
			return s->items[i]->items[0];
	return NULL;
}

static const char *const EE_FIELDS[] = { "ee_errno", "ee_origin", "ee_type", "ee_code",
					  "ee_info", "ee_data" };

static int plan_cmsg(const struct expr *c, struct plan_error *err)
{
	int64_t v;
	if (c->kind != EXPR_STRUCT)
		return plan_fail(err, c->loc, "expected {cmsg_level=L, cmsg_type=T, cmsg_data=D}, found %s",
				 plan_expr_kind_text(c->kind));
	const struct expr *level = field(c, "cmsg_level"), *type = field(c, "cmsg_type");
	const struct expr *data = field(c, "cmsg_data");
	if (!level || !type || !data)
		return plan_fail(err, c->loc, "expected cmsg_level, cmsg_type and cmsg_data, found %s",
				 "fewer");
	if (plan_eval_int(level, &v, err) < 0 || plan_eval_int(type, &v, err) < 0)
		return -1;
	if (data->kind != EXPR_STRUCT)
		return plan_eval_int(data, &v, err) < 0 ? -1 : 0;
	const struct expr *sec = field(data, "scm_sec"), *nsec = field(data, "scm_nsec");
	if (sec || nsec) {
		if (!sec || !nsec || data->count != 2)
			return plan_fail(err, data->loc, "expected {scm_sec=S, scm_nsec=N}, found %s",
					 "other fields");
		return plan_eval_int(sec, &v, err) < 0 || plan_eval_int(nsec, &v, err) < 0 ? -1 : 0;
	}
	for (size_t i = 0; i < data->count; i++) {
		const struct expr *f = data->items[i];
		size_t k = 0;
		while (f->kind == EXPR_FIELD && k < sizeof EE_FIELDS / sizeof EE_FIELDS[0] &&
		       strcmp(f->str, EE_FIELDS[k]) != 0)
			k++;
		if (f->kind != EXPR_FIELD || k == sizeof EE_FIELDS / sizeof EE_FIELDS[0]) {
			char what[96];
			if (f->kind == EXPR_FIELD)
				snprintf(what, sizeof what, "'%.40s' (that payload is not supported yet)", f->str);
			else
				snprintf(what, sizeof what, "%s", plan_expr_kind_text(f->kind));
			return plan_fail(err, f->loc, "expected a sock_extended_err field (ee_errno, ee_origin, "
					 "ee_type, ee_code, ee_info, ee_data), found %s", what);
		}
		if (plan_eval_int(f->items[0], &v, err) < 0)
			return -1;
	}
	return 0;
}

int plan_cmsg_list(const struct expr *list, struct plan_error *err)
{
	if (list->kind != EXPR_LIST)
		return plan_fail(err, list->loc, "expected msg_control=[{cmsg_level=L, ...}, ...], found %s",
				 plan_expr_kind_text(list->kind));
	for (size_t i = 0; i < list->count; i++)
		if (plan_cmsg(list->items[i], err) < 0)
			return -1;
	return 0;
}

static uint32_t ee_value(const struct sock_extended_err *ee, size_t k)
{
	switch (k) {
	case 0: return ee->ee_errno;
	case 1: return ee->ee_origin;
	case 2: return ee->ee_type;
	case 3: return ee->ee_code;
	case 4: return ee->ee_info;
	default: return ee->ee_data;
	}
}

/* The software timestamp against script time sec.nsec. */
static bool check_timestamp(const struct expr *data, const struct cmsghdr *got, size_t index,
			    const struct script_clock *clk, char *why, size_t cap)
{
	struct plan_error ignored;
	int64_t sec, nsec;
	struct timespec ts[3] = { { 0, 0 } };
	size_t len = got->cmsg_len - CMSG_LEN(0);

	plan_eval_int(field(data, "scm_sec"), &sec, &ignored);
	plan_eval_int(field(data, "scm_nsec"), &nsec, &ignored);
	memcpy(ts, CMSG_DATA(got), len < sizeof ts ? len : sizeof ts);
	if (!clk) {
		snprintf(why, cap, "cmsg %zu: a timestamp, with no script clock to judge it", index + 1);
		return false;
	}
	int64_t want = sec * 1000000000 + nsec;
	int64_t seen = (int64_t)ts[0].tv_sec * 1000000000 + ts[0].tv_nsec - clk->start_realtime_ns;
	if (seen - want <= clk->tolerance_ns && want - seen <= clk->tolerance_ns)
		return true;
	snprintf(why, cap, "cmsg %zu timestamp: expected %.4f s (tolerance %.4f s), observed %.4f s",
		 index + 1, (double)want / 1e9, (double)clk->tolerance_ns / 1e9, (double)seen / 1e9);
	return false;
}

/* One expected message against one returned. */
static bool check_cmsg(const struct expr *want, const struct cmsghdr *got, size_t index,
		       const struct script_clock *clk, char *why, size_t cap)
{
	struct plan_error ignored;
	int64_t level, type, v;
	plan_eval_int(field(want, "cmsg_level"), &level, &ignored);
	plan_eval_int(field(want, "cmsg_type"), &type, &ignored);
	if (got->cmsg_level != (int)level || got->cmsg_type != (int)type) {
		snprintf(why, cap, "cmsg %zu: expected level %lld type %lld, observed level %d type %d",
			 index + 1, (long long)level, (long long)type, got->cmsg_level, got->cmsg_type);
		return false;
	}
	const struct expr *data = field(want, "cmsg_data");
	size_t len = got->cmsg_len - CMSG_LEN(0);
	if (data->kind != EXPR_STRUCT) {
		int n = 0;
		plan_eval_int(data, &v, &ignored);
		memcpy(&n, CMSG_DATA(got), len < sizeof n ? len : sizeof n);
		if (n == (int)v)
			return true;
		snprintf(why, cap, "cmsg %zu data: expected %lld, observed %d", index + 1, (long long)v, n);
		return false;
	}
	if (field(data, "scm_sec"))
		return check_timestamp(data, got, index, clk, why, cap);
	struct sock_extended_err ee = { 0 };
	memcpy(&ee, CMSG_DATA(got), len < sizeof ee ? len : sizeof ee);
	for (size_t i = 0; i < data->count; i++) {
		const struct expr *f = data->items[i];
		size_t k = 0;
		while (strcmp(f->str, EE_FIELDS[k]) != 0)
			k++;
		if (f->items[0]->kind == EXPR_ELLIPSIS)
			continue;
		plan_eval_int(f->items[0], &v, &ignored);
		if (ee_value(&ee, k) != (uint32_t)v) {
			snprintf(why, cap, "cmsg %zu %s: expected %lld, observed %u", index + 1, EE_FIELDS[k],
				 (long long)v, ee_value(&ee, k));
			return false;
		}
	}
	return true;
}

bool check_cmsg_list(const struct expr *list, const struct sut_result *res,
		     const struct script_clock *clk, char *why, size_t cap)
{
	struct msghdr m = { .msg_control = (void *)res->control, .msg_controllen = res->control_len };
	size_t i = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c), i++) {
		if (i >= list->count) {
			snprintf(why, cap, "msg_control: expected %zu messages, observed more", list->count);
			return false;
		}
		if (!check_cmsg(list->items[i], c, i, clk, why, cap))
			return false;
	}
	if (i < list->count) {
		snprintf(why, cap, "msg_control: expected %zu messages, observed %zu", list->count, i);
		return false;
	}
	return true;
}
