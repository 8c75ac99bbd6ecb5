/* main.c - options, then one front end: the TUI, the batch trace (text or
 * JSON Lines), or the checker.  Every front end runs scenarios through the
 * same engine (src/engine) and only consumes its events. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/capture_run.h"
#include "scenario/check.h"
#include "scenario/runner.h"
#include "ruleset/save_scenario.h"
#include "scenario/scenario.h"
#include "sinks/trace.h"
#include "tui/term.h"
#include "tui/tui.h"
#include "verify/verify.h"

extern const unsigned char nfwalk_tour_yaml[];
extern const size_t nfwalk_tour_yaml_len;

enum mode { MODE_AUTO, MODE_BATCH, MODE_CHECK, MODE_TUI, MODE_VERIFY };
enum format { FORMAT_TEXT, FORMAT_JSONL };

struct options {
	enum mode mode;
	enum format format;
	const char *theme, *diagram, *era;
	bool ascii, no_mouse, dump_tour, quiet, cleanup;
	double speed;
	const char *rules;    /* --rules FILE */
	bool print_rules;     /* --print-rules */
	struct capture_opts cap; /* --pcap, --live, --write-pcap, ... */
};

/* Long options without a short form. */
enum {
	OPT_RULES = 256,
	OPT_PRINT_RULES,
	OPT_PCAP,
	OPT_WRITE_PCAP,
	OPT_WRITE_PCAP_ALL,
	OPT_LIVE,
	OPT_FILTER,
	OPT_PROGRESS,
	OPT_COUNT,
	OPT_VERIFY_KERNEL,
};

static void usage(FILE *f)
{
	fputs("Usage: nfwalk [OPTIONS] [SCENARIO.yaml]\n"
	      "       nfwalk --batch [--format text|jsonl] [SCENARIO.yaml...]\n"
	      "       nfwalk --check SCENARIO.yaml...\n"
	      "       nfwalk --verify-kernel SCENARIO.yaml...   (as root)\n"
	      "       nfwalk [--rules RULES.v4] --pcap FILE|--live IFACE TOPOLOGY.yaml\n"
	      "\n"
	      "Show how the Linux kernel moves packets through netfilter, routing and\n"
	      "traffic control, one box of the Kernel Packet Traveling Diagram at a time.\n"
	      "Without a scenario, nfwalk walks its built-in tour.\n"
	      "\n"
	      "Front ends:\n"
	      "  (default)             the live diagram when the output is a terminal,\n"
	      "                        else the text trace\n"
	      "  -b, --batch           print the trace of every packet\n"
	      "  -f, --format FORMAT   trace format: text (default) or jsonl\n"
	      "  -c, --check           check the scenarios' expect: blocks; exit 1 if any fails\n"
	      "      --verify-kernel   run the scenarios in the running kernel too (root,\n"
	      "                        network namespaces) and print both walks side by\n"
	      "                        side; exit 1 on a difference\n"
	      "      --cleanup         remove the namespaces of killed --verify-kernel runs\n"
	      "\n"
	      "Live diagram:\n"
	      "  -t, --theme NAME|FILE colors (default, mono, high-contrast, light; $NFWALK_THEME)\n"
	      "  -d, --diagram NAME|FILE  kptd (the 2.4-era page, default) or modern\n"
	      "      --ascii           draw with ASCII characters only\n"
	      "      --no-mouse        do not capture the mouse\n"
	      "  -s, --speed N         run speed in steps per second (default 4)\n"
	      "\n"
	      "Engine:\n"
	      "  -e, --era kptd|modern where QoS ingress runs (default: the diagram's era)\n"
	      "\n"
	      "Real rulesets and traffic:\n"
	      "      --rules FILE      an iptables-save file; its tables replace the scenario's\n"
	      "      --print-rules     print the host's rules as iptables-save would, and exit\n"
	      "      --pcap FILE       walk the packets of a pcap/pcapng capture instead of the\n"
	      "                        scenario's; it says where they arrived (capture: iface)\n"
	      "      --live IFACE      walk packets captured live on IFACE (needs CAP_NET_RAW)\n"
	      "                        (both open the live diagram on a terminal, the counters\n"
	      "                        rising as packets come; -b or -q for the trace or summary)\n"
	      "      --filter EXPR     --live: a BPF filter, as tcpdump takes it\n"
	      "      --count N         stop after N captured packets\n"
	      "      --write-pcap FILE write each packet as it was where it changed\n"
	      "      --write-pcap-all  ... and at every box it entered\n"
	      "      --progress        progress on stderr even when it is not a terminal\n"
	      "\n"
	      "Other:\n"
	      "      --dump-tour       print the built-in tour scenario (a starting point)\n"
	      "  -q, --quiet           --check: print failures only; --pcap, --live: the\n"
	      "                        summary only\n"
	      "  -h, --help            this help\n"
	      "  -V, --version         version\n"
	      "\n"
	      "Exit status: 0 all good, 1 expectations failed, 2 usage or input error.\n"
	      "See nfwalk(1), nfwalk-scenario(5), nfwalk-theme(5) and nfwalk(7).\n",
	      f);
}

/* The options of real rulesets and traffic; 0, or 2 after an error. */
static int capture_option(int c, const char *arg, struct options *o)
{
	uint64_t n;
	switch (c) {
	case OPT_RULES:
		o->rules = arg;
		break;
	case OPT_PRINT_RULES:
		o->print_rules = true;
		break;
	case OPT_PCAP:
		o->cap.pcap = arg;
		break;
	case OPT_WRITE_PCAP:
		o->cap.write_pcap = arg;
		break;
	case OPT_WRITE_PCAP_ALL:
		o->cap.write_all = true;
		break;
	case OPT_LIVE:
		o->cap.live = arg;
		break;
	case OPT_FILTER:
		o->cap.filter = arg;
		break;
	case OPT_PROGRESS:
		o->cap.progress = true;
		break;
	case OPT_COUNT:
		if (!parse_uint(arg, UINT64_MAX, &n) || n == 0) {
			fprintf(stderr, "nfwalk: --count: expected a number of packets, got `%s`\n", arg);
			return 2;
		}
		o->cap.count = n;
		break;
	}
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"batch", no_argument, NULL, 'b'},     {"format", required_argument, NULL, 'f'},
		{"check", no_argument, NULL, 'c'},     {"theme", required_argument, NULL, 't'},
		{"diagram", required_argument, NULL, 'd'}, {"ascii", no_argument, NULL, 'A'},
		{"no-mouse", no_argument, NULL, 'M'},  {"speed", required_argument, NULL, 's'},
		{"era", required_argument, NULL, 'e'}, {"dump-tour", no_argument, NULL, 'D'},
		{"quiet", no_argument, NULL, 'q'},     {"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{"rules", required_argument, NULL, OPT_RULES},
		{"print-rules", no_argument, NULL, OPT_PRINT_RULES},
		{"pcap", required_argument, NULL, OPT_PCAP},
		{"write-pcap", required_argument, NULL, OPT_WRITE_PCAP},
		{"write-pcap-all", no_argument, NULL, OPT_WRITE_PCAP_ALL},
		{"live", required_argument, NULL, OPT_LIVE},
		{"filter", required_argument, NULL, OPT_FILTER},
		{"progress", no_argument, NULL, OPT_PROGRESS},
		{"count", required_argument, NULL, OPT_COUNT},
		{"verify-kernel", no_argument, NULL, OPT_VERIFY_KERNEL},
		{"cleanup", no_argument, NULL, 'K'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "bf:ct:d:s:e:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_VERIFY_KERNEL:
			o->mode = MODE_VERIFY;
			break;
		case 'b':
			o->mode = MODE_BATCH;
			break;
		case 'c':
			o->mode = MODE_CHECK;
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				o->format = FORMAT_TEXT;
			else if (strcmp(optarg, "jsonl") == 0)
				o->format = FORMAT_JSONL;
			else {
				fprintf(stderr, "nfwalk: --format: expected text or jsonl, got `%s`\n",
					optarg);
				return 2;
			}
			break;
		case 't':
			o->theme = optarg;
			break;
		case 'd':
			o->diagram = optarg;
			break;
		case 'A':
			o->ascii = true;
			break;
		case 'M':
			o->no_mouse = true;
			break;
		case 's': {
			char *end;
			o->speed = strtod(optarg, &end);
			if (*end || !(o->speed > 0 && o->speed <= 1000)) {
				fprintf(stderr, "nfwalk: --speed: expected steps per second (0-1000], got `%s`\n",
					optarg);
				return 2;
			}
			break;
		}
		case 'e':
			if (strcmp(optarg, "kptd") && strcmp(optarg, "modern")) {
				fprintf(stderr, "nfwalk: --era: expected kptd or modern, got `%s`\n", optarg);
				return 2;
			}
			o->era = optarg;
			break;
		case 'D':
			o->dump_tour = true;
			break;
		case 'K':
			o->cleanup = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("nfwalk %s\n", PACKAGE_VERSION);
			exit(0);
		default:
			if (c >= OPT_RULES) {
				if (capture_option(c, optarg, o))
					return 2;
				break;
			}
			fputs("Try 'nfwalk --help' for more information.\n", stderr);
			return 2;
		}
	}
	return 0;
}

/* "nfwalk: file:line:col: msg", or the bare message when it names no
 * file (a capture device, say). */
static void print_error(const struct nf_error *err)
{
	char msg[1024];
	nf_error_format(err, msg, sizeof(msg));
	fprintf(stderr, "nfwalk: %s\n", msg);
}

/* Load a scenario file, or the built-in tour when path is NULL. */
static int load(const char *path, const struct options *o, struct scenario *s)
{
	struct nf_error err = {0};
	int rc = path ? scenario_load(path, s, &err)
		      : scenario_load_string("tour", (const char *)nfwalk_tour_yaml,
					     nfwalk_tour_yaml_len, s, &err);
	if (rc == 0 && o->rules && save_add_to_scenario(s, o->rules, stderr, &err) != 0) {
		scenario_free(s);
		rc = -1;
	}
	if (rc != 0) {
		print_error(&err);
		return 2;
	}
	if (o->era) {
		s->era = strcmp(o->era, "modern") == 0 ? ERA_MODERN : ERA_KPTD;
		s->era_set = true;
	}
	return 0;
}

static int run_batch(const char *path, const struct options *o)
{
	struct scenario s;
	if (load(path, o, &s) != 0)
		return 2;
	struct engine e;
	struct nf_error err = {0};
	engine_init(&e);
	struct trace_out out = {stdout, 0};
	int rc = scenario_build_engine(&s, &e, &err);
	if (rc == 0) {
		if (o->format == FORMAT_JSONL) {
			engine_set_sink(&e, trace_jsonl_sink, &out);
		} else {
			trace_text_header(stdout, s.name, s.path, s.description);
			engine_set_sink(&e, trace_text_sink, &out);
		}
		rc = runner_run(&s, &e, NULL, &err);
	}
	if (rc != 0) {
		print_error(&err);
	}
	engine_free(&e);
	scenario_free(&s);
	fflush(stdout);
	return rc ? 2 : 0;
}

static int run_check(int n, char **paths, const struct options *o)
{
	struct check_stats st = {0};
	int worst = 0, files = 0;
	for (int i = 0; i < n; i++) {
		struct scenario s;
		if (load(paths[i], o, &s) != 0) {
			worst = 2;
			continue;
		}
		struct nf_error err = {0};
		int failed_before = st.failed;
		int rc = check_scenario(&s, stdout, &st, &err);
		files++;
		if (rc == 2) {
			print_error(&err);
		} else if (!o->quiet) {
			printf("%s: %s\n", s.path, st.failed > failed_before ? "FAIL" : "ok");
		}
		if (rc > worst)
			worst = rc;
		scenario_free(&s);
	}
	printf("%d scenario%s, %d packet%s, %d expectation%s, %d failed\n", files,
	       files == 1 ? "" : "s", st.packets, st.packets == 1 ? "" : "s", st.expectations,
	       st.expectations == 1 ? "" : "s", st.failed);
	return worst;
}

/* Each scenario by nfwalk and by the kernel; exit status is the worst. */
static int run_verify(int n, char **paths, const struct options *o)
{
	int worst = 0;
	for (int i = 0; i < n; i++) {
		struct scenario s;
		if (load(paths[i], o, &s) != 0) {
			worst = 2;
			continue;
		}
		struct nf_error err = {0};
		err.col = -1;
		int rc = verify_kernel(&s, stdout, &err);
		if (rc == 2) {
			char msg[1024];
			nf_error_format(&err, msg, sizeof(msg));
			fprintf(stderr, "nfwalk: --verify-kernel: %s\n", msg);
		}
		if (rc > worst)
			worst = rc;
		scenario_free(&s);
	}
	return worst;
}

/* The live diagram on s: its own packets, or the capture o names. */
static int tui_on(const struct scenario *s, const struct options *o)
{
	const char *theme = o->theme ? o->theme : getenv("NFWALK_THEME");
	struct tui_opts t = {
		.scn = s,
		.theme = theme && *theme ? theme : NULL,
		.diagram = o->diagram,
		.ascii = o->ascii,
		.mouse = !o->no_mouse,
		.speed = o->speed,
		.era_forced = o->era != NULL,
		.pcap = o->cap.pcap,
		.live = o->cap.live,
		.filter = o->cap.filter,
		.count = o->cap.count,
	};
	struct nf_error err = {.col = -1};
	int rc = tui_run(&t, &err);
	if (rc == 2)
		print_error(&err);
	return rc;
}

static int run_tui(const char *path, const struct options *o)
{
	struct scenario s;
	if (load(path, o, &s) != 0)
		return 2;
	int rc = tui_on(&s, o);
	scenario_free(&s);
	return rc;
}

/* --print-rules: the host's rules (the tour's without a scenario), or the
 * --rules file's alone. */
static int run_print_rules(int n, char **paths, const struct options *o)
{
	if (n > 1) {
		fputs("nfwalk: --print-rules prints one host's rules at a time\n", stderr);
		return 2;
	}
	if (n == 0 && o->rules)
		return save_print_host(NULL, o->rules, stdout);
	struct scenario s;
	if (load(n ? paths[0] : NULL, o, &s) != 0)
		return 2;
	int rc = save_print_host(&s, NULL, stdout);
	scenario_free(&s);
	return rc;
}

/* A terminal that cannot show the live diagram (TERM=dumb: no cursor
 * addressing) gets the text trace, as a pipe does, and a note. */
static bool on_terminal(void)
{
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO))
		return false;
	if (term_can_draw())
		return true;
	fprintf(stderr, "nfwalk: TERM=%s cannot show the live diagram (no cursor addressing): "
			"printing the text trace\n", getenv("TERM"));
	return false;
}

/* A capture goes to the live diagram on a terminal, unless a batch
 * option asks for the trace, the summary or a pcap file. */
static bool capture_in_tui(const struct options *o)
{
	return (o->cap.pcap || o->cap.live) && o->mode == MODE_AUTO && !o->quiet &&
	       !o->cap.write_pcap && on_terminal();
}

/* --pcap, --live, or --write-pcap of a scenario's own packets. */
static int run_capture(int n, char **paths, struct options *o)
{
	if (n > 1 || (n == 0 && (o->cap.pcap || o->cap.live))) {
		fprintf(stderr, "nfwalk: %s needs one scenario describing the host (its interfaces, "
				"routes and `capture: {iface: NAME}`)\n",
			o->cap.pcap ? "--pcap" : o->cap.live ? "--live" : "--write-pcap");
		return 2;
	}
	if (o->cap.pcap && o->cap.live) {
		fputs("nfwalk: --pcap and --live cannot be combined\n", stderr);
		return 2;
	}
	struct scenario s;
	if (load(n ? paths[0] : NULL, o, &s) != 0)
		return 2;
	o->cap.jsonl = o->format == FORMAT_JSONL;
	o->cap.quiet = o->quiet;
	int rc = capture_in_tui(o) ? tui_on(&s, o) : capture_run(&s, &o->cap);
	scenario_free(&s);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = {.mode = MODE_AUTO, .format = FORMAT_TEXT, .speed = 4};
	atexit(nf_close_stdout); /* a failed write is an error, a closed pipe is not */
	int rc = parse_options(argc, argv, &o);
	if (rc)
		return rc;
	int nfiles = argc - optind;
	char **files = argv + optind;

	if (o.dump_tour) {
		fwrite(nfwalk_tour_yaml, 1, nfwalk_tour_yaml_len, stdout);
		return 0;
	}
	if ((o.cap.filter && !o.cap.live) || (o.cap.write_all && !o.cap.write_pcap)) {
		fprintf(stderr, "nfwalk: %s\n", o.cap.filter && !o.cap.live
						       ? "--filter goes with --live IFACE"
						       : "--write-pcap-all goes with --write-pcap FILE");
		return 2;
	}
	if (o.cleanup) {
		struct nf_error err = {.col = -1};
		int st = verify_cleanup(stdout, &err);
		if (st)
			fprintf(stderr, "nfwalk: --cleanup: %s\n", err.msg);
		return st;
	}
	if (o.print_rules)
		return run_print_rules(nfiles, files, &o);
	if (o.cap.pcap || o.cap.live || o.cap.write_pcap)
		return run_capture(nfiles, files, &o);
	if (o.mode == MODE_CHECK) {
		if (nfiles == 0) {
			fputs("nfwalk: --check needs at least one scenario file\n", stderr);
			return 2;
		}
		return run_check(nfiles, files, &o);
	}
	if (o.mode == MODE_VERIFY) {
		if (nfiles == 0) {
			fputs("nfwalk: --verify-kernel needs at least one scenario file\n", stderr);
			return 2;
		}
		return run_verify(nfiles, files, &o);
	}
	if (o.mode == MODE_AUTO)
		o.mode = on_terminal() ? MODE_TUI : MODE_BATCH;
	if (o.mode == MODE_TUI) {
		if (nfiles > 1) {
			fputs("nfwalk: the live diagram shows one scenario at a time\n", stderr);
			return 2;
		}
		return run_tui(nfiles ? files[0] : NULL, &o);
	}
	if (nfiles == 0)
		return run_batch(NULL, &o);
	int worst = 0;
	for (int i = 0; i < nfiles; i++) {
		int r = run_batch(files[i], &o);
		if (r > worst)
			worst = r;
	}
	return worst;
}
