/* cmd_check.c — `tcpcert check FILE.pcap`: check every TCP connection of
 * a capture against the reference model and report each divergence with
 * its requirement ID, packet number and time. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/run/check_capture.h"

static void check_usage(FILE *out)
{
	fputs("usage: tcpcert check [options] FILE.pcap\n"
	      "\n"
	      "Check every TCP connection of a capture (pcap or pcapng; raw IP, Ethernet,\n"
	      "Linux cooked SLL/SLL2 or BSD loopback; IPv4 and IPv6) against the\n"
	      "reference model of RFC 9293, from the viewpoint of one endpoint or of\n"
	      "each endpoint in turn.\n"
	      "\n"
	      "options:\n"
	      "      --profile NAME       linux (default) or rfc9293\n"
	      "      --stack-addr ADDR[:PORT]  the endpoint whose conformance is checked\n"
	      "                           (e.g. 192.0.2.1:8080, [2001:db8::1]:8080);\n"
	      "                           default: each endpoint in turn\n"
	      "      --tolerance-usecs N  timing slack for where the capture was taken\n"
	      "                           (default 20000)\n"
	      "      --verify-checksums   judge TCP checksums (MUST-2); off by default, since a\n"
	      "                           capture taken on the sending host shows checksums\n"
	      "                           the NIC completes later\n"
	      "      --strict-mss         judge payload sizes against the MSS (MUST-16); off by\n"
	      "                           default, since such a capture shows segments before\n"
	      "                           TSO/GSO splits them\n"
	      "  -q, --quiet              no notes, only divergences and the summary\n"
	      "  -h, --help               this text\n"
	      "\n"
	      "Exit codes: 0 no divergence, 1 divergences, 2 bad input or usage.\n",
	      out);
}

struct check_ctx {
	const char *path;
	bool quiet;
};

static void on_finding(const struct check_finding *f, void *ctx)
{
	const struct check_ctx *c = ctx;

	printf("%s: packet %u (%.6f s), connection %u, stack %s, peer %s: %s%s(%s): %s\n", c->path,
	       f->packet, (double)f->rel_us / 1e6, f->flow_id, f->stack, f->peer, f->req ? f->req : "",
	       f->req ? " " : "", f->rule, f->text);
}

static void on_note(uint32_t packet, uint32_t flow_id, const char *text, void *ctx)
{
	const struct check_ctx *c = ctx;

	if (c->quiet)
		return;
	if (flow_id)
		printf("%s: packet %u, connection %u: note: %s\n", c->path, packet, flow_id, text);
	else
		printf("%s: packet %u: note: %s\n", c->path, packet, text);
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "stack-addr", required_argument, NULL, 's' },
		{ "tolerance-usecs", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verify-checksums", no_argument, NULL, 'V' },
		{ "strict-mss", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct check_options opt = { .profile = &model_profile_linux, .tolerance_us = 20000 };
	struct flow_viewpoint vp;
	struct check_ctx ctx = { .quiet = false };
	char err[512];
	int c;

	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			opt.profile = model_profile_find(optarg);
			if (!opt.profile) {
				fprintf(stderr, "tcpcert check: --profile: expected linux or rfc9293, found '%s'\n",
					optarg);
				return EXIT_BAD_INPUT;
			}
			break;
		case 's':
			if (flow_viewpoint_parse(optarg, &vp, err, sizeof err) < 0) {
				fprintf(stderr, "tcpcert check: --stack-addr: %s\n", err);
				return EXIT_BAD_INPUT;
			}
			opt.stack = &vp;
			break;
		case 't': {
			char *end;
			long long v = strtoll(optarg, &end, 10);
			if (*end || v < 0 || v > 60000000) {
				fprintf(stderr, "tcpcert check: --tolerance-usecs: expected a number from 0 to 60000000, found '%s'\n",
					optarg);
				return EXIT_BAD_INPUT;
			}
			opt.tolerance_us = (uint64_t)v;
			break;
		}
		case 'q': ctx.quiet = true; break;
		case 'V': opt.verify_checksums = true; break;
		case 'S': opt.strict_mss = true; break;
		case 'h': check_usage(stdout); return EXIT_ALL_PASS;
		default: check_usage(stderr); return EXIT_BAD_INPUT;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "tcpcert check: expected one capture file\n\n");
		check_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	ctx.path = argv[optind];
	struct check_callbacks cb = { .finding = on_finding, .note = on_note, .ctx = &ctx };
	struct check_summary sum;
	int rc = check_capture(ctx.path, &opt, &cb, &sum, err, sizeof err);
	printf("\n%s: %u packets, %u TCP segments, %u connections, %u viewpoints checked (profile %s): "
	       "%u divergences, %u notes\n",
	       ctx.path, sum.packets, sum.tcp_segments, sum.connections, sum.viewpoints,
	       opt.profile->name, sum.divergences, sum.notes);
	if (rc < 0) {
		fprintf(stderr, "tcpcert check: %s\n", err);
		return EXIT_BAD_INPUT;
	}
	return sum.divergences ? EXIT_NONCONFORMANCE : EXIT_ALL_PASS;
}
