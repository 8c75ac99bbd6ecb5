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
#include "engine/nft/nft.h"
#include "lib/datapath.h"
#include "scenario/catalog.h"
#include "scenario/check.h"
#include "scenario/runner.h"
#include "ruleset/oneline.h"
#include "scenario/session.h"
#include "ruleset/save_scenario.h"
#include "ruleset/ipset_scenario.h"
#include "ruleset/snapshot.h"
#include "scenario/answer_run.h"
#include "scenario/scenario.h"
#include "sinks/trace.h"
#include "tui/term.h"
#include "tui/tui.h"
#include "tutor_opts.h"
#include "verify/verify.h"

extern const unsigned char nfwalk_tour_yaml[];
extern const size_t nfwalk_tour_yaml_len;

enum mode { MODE_AUTO, MODE_BATCH, MODE_CHECK, MODE_TUI, MODE_VERIFY };
enum format { FORMAT_TEXT, FORMAT_JSONL, FORMAT_JSON, FORMAT_DOT };

struct options {
	enum mode mode;
	enum format format;
	const char *theme, *diagram, *era;
	bool ascii, no_mouse, dump_tour, quiet, cleanup;
	double speed;
	const char *rules;    /* --rules FILE */
	const char *rules6;   /* --rules6 FILE (ip6tables-save output) */
	const char *ipsets;   /* --ipsets FILE (ipset save output) */
	bool print_rules;     /* --print-rules */
	bool trace_nft;       /* --trace-format nft: as nft monitor trace prints */
	bool lenient;         /* --lenient */
	struct capture_opts cap; /* --pcap, --live, --write-pcap, ... */
	struct tutor_opts tutor; /* --present, --pace, --break, ... (tutor_opts.c) */
	struct oneline_opts one; /* --packet, --iface, --route */
	bool summary;            /* --summary */
	bool snapshot;           /* --snapshot */
	const char *output;      /* -o FILE */
};

/* Long options without a short form. */
enum {
	OPT_RULES = 256,
	OPT_RULES6,
	OPT_PRINT_RULES,
	OPT_TRACE_FORMAT,
	OPT_LENIENT,
	OPT_PCAP,
	OPT_WRITE_PCAP,
	OPT_WRITE_PCAP_ALL,
	OPT_LIVE,
	OPT_FILTER,
	OPT_PROGRESS,
	OPT_COUNT,
	OPT_VERIFY_KERNEL,
	OPT_LIST,
	OPT_PRESENT,
	OPT_PACE,
	OPT_BREAK,
	OPT_QUIZ,
	OPT_QUIZ_REPORT,
	OPT_EXPORT,
	OPT_PACKET,
	OPT_IFACE,
	OPT_ROUTE,
	OPT_SUMMARY,
	OPT_SNAPSHOT,
	OPT_IPSETS,
	OPT_TUI,
};

static void usage(FILE *f)
{
	fputs("Usage: nfwalk [OPTIONS] [SCENARIO.yaml | NAME]\n"
	      "       nfwalk --batch [--format text|jsonl] [SCENARIO.yaml...]\n"
	      "       nfwalk --check SCENARIO.yaml...\n"
	      "       nfwalk --verify-kernel SCENARIO.yaml...   (as root)\n"
	      "       nfwalk [--rules RULES.v4] --pcap FILE|--live IFACE TOPOLOGY.yaml\n"
	      "       nfwalk --rules RULES.v4 --packet 'tcp A:P -> B:Q on eth0'... [HOST.yaml]\n"
	      "\n"
	      "Show how the Linux kernel moves packets through netfilter, routing and\n"
	      "traffic control, one box of the Kernel Packet Traveling Diagram at a time.\n"
	      "Without a scenario, nfwalk walks its built-in tour.\n"
	      "\n"
	      "Front ends:\n"
	      "  (default)             the live diagram when the output is a terminal,\n"
	      "                        else the text trace\n"
	      "  -b, --batch           print the trace of every packet\n"
	      "      --tui             the live diagram, also for a --packet question\n"
	      "  -f, --format FORMAT   trace format: text (default) or jsonl; the answer\n"
	      "                        as json (one object) or dot (Graphviz)\n"
	      "      --summary         the answer, one line per packet\n"
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
	      "      --present         presenter mode: steps advance by themselves, any key\n"
	      "                        pauses, a large status line, the file reloaded when\n"
	      "                        it changes\n"
	      "      --pace SECONDS    --present: seconds a step (default 2)\n"
	      "      --break STAGE     stop a run on entering the box (repeatable)\n"
	      "      --quiz            predict each decision before it happens (key Q)\n"
	      "      --quiz-report FILE  write who, the lesson, the score and every answer\n"
	      "                        at exit (JSON when FILE ends in .json)\n"
	      "      --export svg|html|cast FILE  write the walk to keep: the diagram with\n"
	      "                        each packet's path, rules and rewrites (svg, html), or\n"
	      "                        the live diagram stepping (asciicast v2)\n"
	      "\n"
	      "Engine:\n"
	      "  -e, --era kptd|modern where QoS ingress runs (default: the diagram's era)\n"
	      "\n"
	      "Real rulesets and traffic:\n"
	      "      --rules FILE      an iptables-save file; its tables replace the scenario's\n"
	      "                        (an nftables file joins the host's iptables tables)\n"
	      "      --rules6 FILE     an ip6tables-save file: the host's IPv6 rules (beside\n"
	      "                        --rules; --rules alone takes either, the file says which)\n"
	      "      --ipsets FILE     an `ipset save` file: sets the rules' -m set and -j SET\n"
	      "                        name (loaded before --rules)\n"
	      "      --print-rules     print the host's rules as iptables-save would (an\n"
	      "                        nftables --rules file as nft list ruleset would), and exit\n"
	      "      --trace-format nft  the text trace as `nft monitor trace` prints it (packet,\n"
	      "                        matched rules with their verdicts and handles, policies)\n"
	      "      --lenient         keep rules nfwalk cannot evaluate; a packet reaching one\n"
	      "                        stops there (verdict CANNOT-EVALUATE)\n"
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
	      "One-line answers (fate, deciding rule, rewrites, output interface):\n"
	      "      --packet PACKET   walk this packet (the scenario short form, or\n"
	      "                        `reply N`); repeat for more, in order\n"
	      "      --iface NAME=ADDR/LEN[,group=N]  the host's interface (instead of HOST.yaml)\n"
	      "      --route ROUTE     the host's route ('default via ADDR')\n"
	      "\n"
	      "      --snapshot        write this host (or network namespace) as a scenario\n"
	      "  -o, --output FILE     --snapshot: write to FILE instead of standard output\n"
	      "\n"
	      "Other:\n"
	      "      --dump-tour       print the built-in tour scenario (a starting point)\n"
	      "      --list            list the lessons and scenarios nfwalk NAME opens\n"
	      "  -q, --quiet           --check: print failures only; --pcap, --live: the\n"
	      "                        summary only\n"
	      "  -h, --help            this help\n"
	      "  -V, --version         version\n"
	      "\n"
	      "Exit status: 0 all good, 1 expectations failed, 2 usage or input error.\n"
	      "See nfwalk(1), nfwalk-scenario(5), nfwalk-theme(5) and nfwalk(7).\n"
	      "\n"
	      "Report bugs to: " PACKAGE_BUGREPORT "\n",
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
	case OPT_RULES6:
		o->rules6 = arg;
		break;
	case OPT_IPSETS:
		o->ipsets = arg;
		break;
	case OPT_PRINT_RULES:
		o->print_rules = true;
		break;
	case OPT_TRACE_FORMAT:
		if (strcmp(arg, "nft") && strcmp(arg, "nfwalk")) {
			fprintf(stderr, "nfwalk: --trace-format: expected nfwalk or nft, got `%s`\n", arg);
			return 2;
		}
		o->trace_nft = strcmp(arg, "nft") == 0;
		break;
	case OPT_LENIENT:
		o->lenient = true;
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
	case OPT_PACKET:
	case OPT_IFACE:
	case OPT_ROUTE: {
		const char ***v = c == OPT_PACKET ? &o->one.packets
				  : c == OPT_IFACE ? &o->one.ifaces : &o->one.routes;
		size_t *cnt = c == OPT_PACKET ? &o->one.npackets
			      : c == OPT_IFACE ? &o->one.nifaces : &o->one.nroutes;
		*v = xrealloc(*v, (*cnt + 1) * sizeof(**v));
		(*v)[(*cnt)++] = arg;
		break;
	}
	case OPT_SUMMARY:
		o->summary = true;
		break;
	case OPT_SNAPSHOT:
		o->snapshot = true;
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
		{"rules6", required_argument, NULL, OPT_RULES6},
		{"ipsets", required_argument, NULL, OPT_IPSETS},
		{"print-rules", no_argument, NULL, OPT_PRINT_RULES},
		{"trace-format", required_argument, NULL, OPT_TRACE_FORMAT},
		{"lenient", no_argument, NULL, OPT_LENIENT},
		{"pcap", required_argument, NULL, OPT_PCAP},
		{"write-pcap", required_argument, NULL, OPT_WRITE_PCAP},
		{"write-pcap-all", no_argument, NULL, OPT_WRITE_PCAP_ALL},
		{"live", required_argument, NULL, OPT_LIVE},
		{"filter", required_argument, NULL, OPT_FILTER},
		{"progress", no_argument, NULL, OPT_PROGRESS},
		{"count", required_argument, NULL, OPT_COUNT},
		{"verify-kernel", no_argument, NULL, OPT_VERIFY_KERNEL},
		{"list", no_argument, NULL, OPT_LIST},
		{"present", no_argument, NULL, OPT_PRESENT},
		{"pace", required_argument, NULL, OPT_PACE},
		{"break", required_argument, NULL, OPT_BREAK},
		{"quiz", no_argument, NULL, OPT_QUIZ},
		{"quiz-report", required_argument, NULL, OPT_QUIZ_REPORT},
		{"export", required_argument, NULL, OPT_EXPORT},
		{"packet", required_argument, NULL, OPT_PACKET},
		{"iface", required_argument, NULL, OPT_IFACE},
		{"route", required_argument, NULL, OPT_ROUTE},
		{"summary", no_argument, NULL, OPT_SUMMARY},
		{"snapshot", no_argument, NULL, OPT_SNAPSHOT},
		{"output", required_argument, NULL, 'o'},
		{"cleanup", no_argument, NULL, 'K'},
		{"tui", no_argument, NULL, OPT_TUI},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "bf:ct:d:s:e:qhVo:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_VERIFY_KERNEL:
			o->mode = MODE_VERIFY;
			break;
		case OPT_TUI:
			o->mode = MODE_TUI;
			break;
		case OPT_LIST:
			catalog_list(stdout);
			exit(0);
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
			else if (strcmp(optarg, "json") == 0)
				o->format = FORMAT_JSON;
			else if (strcmp(optarg, "dot") == 0)
				o->format = FORMAT_DOT;
			else {
				fprintf(stderr, "nfwalk: --format: expected text, jsonl, json or dot, got `%s`\n",
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
		case 'o':
			o->output = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("nfwalk %s\n"
			       "License GPL-2.0-or-later: GNU GPL version 2 or later.\n"
			       "Report bugs to: %s\n",
			       PACKAGE_VERSION, PACKAGE_BUGREPORT);
			exit(0);
		case OPT_PRESENT:
		case OPT_PACE:
		case OPT_BREAK:
		case OPT_QUIZ:
		case OPT_QUIZ_REPORT:
		case OPT_EXPORT:
			if (tutor_option(c - OPT_PRESENT, optarg, &o->tutor, argc, argv, &optind))
				return 2;
			break;
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

/* A scenario argument that names no file: NAME or NAME.yaml among the
 * user's and the installed scenarios (src/lib/datapath.h). */
static const char *find_scenario(const char *arg, char *buf, size_t n)
{
	if (datapath_is_stdin(arg) || access(arg, F_OK) == 0)
		return arg;
	return datapath_find(NFWALK_DATADIR, "scenarios", arg, ".yaml", true, buf, n) ? buf : arg;
}

/* A scenario file (path resolved), or the built-in tour when path is
 * NULL, with the --rules file, --lenient and --era applied.  Problems of
 * the rules file go to problems (may be NULL).  0, or -1 with err set. */
static int load_resolved(const char *path, const struct options *o, struct scenario *s,
			 FILE *problems, struct nf_error *err)
{
	*err = (struct nf_error){0};
	int rc = path ? scenario_load(path, s, err)
		      : scenario_load_string("tour", (const char *)nfwalk_tour_yaml,
					     nfwalk_tour_yaml_len, s, err);
	if (rc == 0)
		s->lenient = o->lenient;
	if (rc == 0 && o->ipsets && ipsets_add_to_scenario(s, o->ipsets, err) != 0) {
		scenario_free(s);
		rc = -1;
	}
	if (rc == 0 && o->rules && nft_file_detect(o->rules)) {
		/* an nftables ruleset: the engine reads it beside the scenario's own */
		free(s->nft_path);
		s->nft_path = xstrdup(o->rules);
	} else if (rc == 0 && o->rules && save_add_to_scenario(s, o->rules, problems, err) != 0) {
		scenario_free(s);
		rc = -1;
	}
	if (rc == 0 && o->rules6 && save_add6_to_scenario(s, o->rules6, problems, err) != 0) {
		scenario_free(s);
		rc = -1;
	}
	if (rc == 0 && o->era) {
		s->era = strcmp(o->era, "modern") == 0 ? ERA_MODERN : ERA_KPTD;
		s->era_set = true;
	}
	return rc;
}

/* A scenario argument to the path it names (NULL: the tour), into buf. */
static const char *resolve(const char *path, char *buf, size_t n)
{
	char found[DATAPATH_PATH_MAX];
	if (!path)
		return NULL;
	const char *p = find_scenario(path, found, sizeof(found));
	if (p == found || !catalog_find(p, buf, n))
		str_copy(buf, n, p); /* a lesson by name, or a scenario in $NFWALK_PATH, else as is */
	return buf;
}

/* Load a scenario file, or the built-in tour when path is NULL. */
static int load(const char *path, const struct options *o, struct scenario *s)
{
	if (path && o->rules && datapath_is_stdin(path) && datapath_is_stdin(o->rules)) {
		fputs("nfwalk: standard input can be the scenario or the --rules file, not both\n",
		      stderr);
		return 2;
	}
	char resolved[DATAPATH_PATH_MAX];
	struct nf_error err;
	if (load_resolved(resolve(path, resolved, sizeof(resolved)), o, s, stderr, &err) != 0) {
		print_error(&err);
		return 2;
	}
	return 0;
}

/* The answer's form: json, dot, --summary, else the text answer. */
static enum answer_style answer_style(const struct options *o)
{
	return o->format == FORMAT_JSON  ? ANSWER_JSON
	       : o->format == FORMAT_DOT ? ANSWER_DOT
	       : o->summary              ? ANSWER_SUMMARY
					 : ANSWER_TEXT;
}

static int run_answer(const struct scenario *s, const struct options *o, const char *assumed)
{
	struct nf_error err = {.col = -1};
	int rc = answer_run(s, answer_style(o), assumed, stdout, &err);
	if (rc)
		print_error(&err);
	fflush(stdout);
	return rc ? 2 : 0;
}

static int run_batch(const char *path, const struct options *o)
{
	struct scenario s;
	if (load(path, o, &s) != 0)
		return 2;
	if (o->format == FORMAT_JSON || o->format == FORMAT_DOT || o->summary) {
		int r = run_answer(&s, o, NULL);
		scenario_free(&s);
		return r;
	}
	struct engine e;
	struct nf_error err = {0};
	struct trace_out out = {stdout, 0};
	bool jsonl = o->format == FORMAT_JSONL;
	int rc = session_open(&e, &s, jsonl ? trace_jsonl_sink : o->trace_nft ? trace_nft_sink : trace_text_sink,
			      &out, &err);
	if (rc == 0) {
		/* the text trace reads views only on its conntrack and fate
		 * lines; JSON Lines and the nft trace read every one */
		engine_sink_wants_of(&e, (!jsonl && !o->trace_nft) ? TRACE_TEXT_WANTS : TRACE_WANTS);
		if (!jsonl && !o->trace_nft)
			trace_text_header(stdout, s.name, s.path, s.description);
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
			char *path = vis_str(s.path); /* a file name is input too */
			printf("%s: %s\n", path, st.failed > failed_before ? "FAIL" : "ok");
			free(path);
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

/* What the live diagram's what-if builds again: the session's scenario
 * as it was loaded (whatif.c starts every change from it). */
struct session_src {
	const char *path; /* resolved; NULL: the built-in tour */
	const struct options *o;
};

static int reload_session(void *ctx, struct scenario *s, struct nf_error *err)
{
	const struct session_src *ss = ctx;
	if (ss->o->one.npackets) { /* a --packet question */
		struct strbuf assumed = STRBUF_INIT;
		int rc = oneline_scenario(&ss->o->one, s, &assumed, NULL, err);
		sb_free(&assumed);
		return rc;
	}
	return load_resolved(ss->path, ss->o, s, NULL, err);
}

/* The live diagram on s: its own packets, or the capture o names; ss
 * (NULL for a capture) lets what-if build the scenario again. */
static int tui_on(const struct scenario *s, const struct options *o, const struct session_src *ss)
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
		.reload = ss ? reload_session : NULL,
		.reload_ctx = (void *)ss,
		.rules_path = o->rules,
	};
	if (ss && !ss->path && !o->one.npackets) { /* the tour: w writes its text, changed */
		t.scn_text = (const char *)nfwalk_tour_yaml;
		t.scn_len = nfwalk_tour_yaml_len;
	}
	tutor_apply(&o->tutor, &t);
	if (o->tutor.export)
		return tutor_export(&o->tutor, &t);
	struct nf_error err = {.col = -1};
	int rc = tui_run(&t, &err);
	if (rc == 2)
		print_error(&err);
	return rc;
}

static int run_tui(const char *path, const struct options *o)
{
	struct scenario s;
	char resolved[DATAPATH_PATH_MAX];
	struct session_src ss = {resolve(path, resolved, sizeof(resolved)), o};
	if (load(path, o, &s) != 0)
		return 2;
	int rc = tui_on(&s, o, &ss);
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
	if (n == 0 && o->rules && !o->ipsets && !o->rules6)
		return save_print_host(NULL, o->rules, stdout);
	if (n == 0 && o->rules6 && !o->ipsets) {
		/* the files' rules alone, each family in its form */
		struct scenario files;
		struct nf_error err = {.col = -1};
		memset(&files, 0, sizeof(files));
		int rc = (o->rules && save_add_to_scenario(&files, o->rules, stderr, &err)) ||
				 save_add6_to_scenario(&files, o->rules6, stderr, &err)
			 ? 2
			 : 0;
		if (rc)
			print_error(&err);
		else
			rc = save_print_host(&files, NULL, stdout);
		scenario_free(&files);
		return rc;
	}
	if (n == 0 && o->rules) {
		/* the file's rules alone, with the sets they name */
		struct scenario sets;
		struct nf_error err = {.col = -1};
		memset(&sets, 0, sizeof(sets));
		int rc = ipsets_add_to_scenario(&sets, o->ipsets, &err) ? 2 : 0;
		if (rc)
			print_error(&err);
		else
			rc = save_print_host(&sets, o->rules, stdout);
		scenario_free(&sets);
		return rc;
	}
	struct scenario s;
	if (load(n ? paths[0] : NULL, o, &s) != 0)
		return 2;
	int rc = save_print_host(&s, NULL, stdout);
	scenario_free(&s);
	return rc;
}

/* --packet: the host (HOST.yaml, --iface/--route, or assumed) and the
 * packets; the answer, or with -b the trace, or --verify-kernel. */
static int run_oneline(int n, char **paths, struct options *o)
{
	char found[DATAPATH_PATH_MAX];
	if (n > 1) {
		fputs("nfwalk: --packet takes one HOST.yaml describing the host\n", stderr);
		return 2;
	}
	o->one.host = n ? find_scenario(paths[0], found, sizeof(found)) : NULL;
	o->one.rules = o->rules;
	o->one.rules6 = o->rules6;
	o->one.ipsets = o->ipsets;
	o->one.lenient = o->lenient;
	struct scenario s;
	struct strbuf assumed = STRBUF_INIT;
	struct nf_error err = {.col = -1};
	if (oneline_scenario(&o->one, &s, &assumed, stderr, &err)) {
		print_error(&err);
		sb_free(&assumed);
		return 2;
	}
	int rc;
	if (o->mode == MODE_TUI) { /* --tui: the question in the live diagram */
		struct session_src ss = {NULL, o};
		rc = tui_on(&s, o, &ss);
	} else if (o->mode == MODE_VERIFY) {
		rc = verify_kernel(&s, stdout, &err);
		if (rc == 2)
			print_error(&err);
	} else if (o->mode == MODE_BATCH && o->format <= FORMAT_JSONL && !o->summary) {
		struct engine e;
		struct trace_out out = {stdout, 0};
		bool jsonl = o->format == FORMAT_JSONL;
		rc = session_open(&e, &s,
				  jsonl		 ? trace_jsonl_sink
				  : o->trace_nft ? trace_nft_sink
						 : trace_text_sink,
				  &out, &err);
		if (rc == 0) {
			engine_sink_wants_of(&e, (!jsonl && !o->trace_nft) ? TRACE_TEXT_WANTS
									 : TRACE_WANTS);
			rc = runner_run(&s, &e, NULL, &err);
		}
		if (rc)
			print_error(&err);
		engine_free(&e);
		rc = rc ? 2 : 0;
	} else {
		rc = run_answer(&s, o, sb_str(&assumed));
	}
	scenario_free(&s);
	sb_free(&assumed);
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
	int rc = capture_in_tui(o) ? tui_on(&s, o, NULL) : capture_run(&s, &o->cap);
	scenario_free(&s);
	return rc;
}

/* Which front end runs, once the options are read. */
/* --rules FILE.nft --print-rules: printed as nft list ruleset prints it
 * (walks load it into the scenario: load_resolved). */
static int run_nft_rules(const struct options *o, int nfiles)
{
	(void)nfiles;
	struct nft_ruleset rs;
	struct nf_error err = {.col = -1};
	if (nft_load_file(o->rules, NULL, &rs, &err)) {
		print_error(&err);
		nft_ruleset_free(&rs);
		return 2;
	}
	struct strbuf sb = STRBUF_INIT;
	nft_print(&sb, &rs);
	fputs(sb_str(&sb), stdout);
	sb_free(&sb);
	nft_ruleset_free(&rs);
	return 0;
}

static int dispatch(struct options *o, int nfiles, char **files)
{
	if (o->dump_tour) {
		fwrite(nfwalk_tour_yaml, 1, nfwalk_tour_yaml_len, stdout);
		return 0;
	}
	if ((o->cap.filter && !o->cap.live) || (o->cap.write_all && !o->cap.write_pcap)) {
		fprintf(stderr, "nfwalk: %s\n", o->cap.filter && !o->cap.live
						       ? "--filter goes with --live IFACE"
						       : "--write-pcap-all goes with --write-pcap FILE");
		return 2;
	}
	if (o->snapshot) {
		FILE *f = o->output ? fopen(o->output, "w") : stdout;
		if (!f) {
			fprintf(stderr, "nfwalk: -o %s: cannot write\n", o->output);
			return 2;
		}
		int rc = snapshot_write(f, stderr);
		return (f != stdout && fclose(f) != 0) ? 2 : rc;
	}
	if (o->cleanup) {
		struct nf_error err = {.col = -1};
		int st = verify_cleanup(stdout, &err);
		if (st)
			fprintf(stderr, "nfwalk: --cleanup: %s\n", err.msg);
		return st;
	}
	if (o->rules && o->print_rules && nfiles == 0 && nft_file_detect(o->rules))
		return run_nft_rules(o, nfiles);
	if (o->mode == MODE_TUI && !o->tutor.export && !on_terminal()) {
		fputs("nfwalk: --tui needs a terminal on standard input and output\n", stderr);
		return 2;
	}
	if (o->print_rules)
		return run_print_rules(nfiles, files, o);
	if (o->one.npackets)
		return run_oneline(nfiles, files, o);
	if (o->one.nifaces || o->one.nroutes) {
		fputs("nfwalk: --iface and --route go with --packet\n", stderr);
		return 2;
	}
	if (o->cap.pcap || o->cap.live || o->cap.write_pcap)
		return run_capture(nfiles, files, o);
	if (o->mode == MODE_CHECK) {
		if (nfiles == 0) {
			fputs("nfwalk: --check needs at least one scenario file\n", stderr);
			return 2;
		}
		return run_check(nfiles, files, o);
	}
	if (o->mode == MODE_VERIFY) {
		if (nfiles == 0) {
			fputs("nfwalk: --verify-kernel needs at least one scenario file\n", stderr);
			return 2;
		}
		return run_verify(nfiles, files, o);
	}
	if (o->mode == MODE_AUTO)
		o->mode = on_terminal() || o->tutor.export ? MODE_TUI : MODE_BATCH;
	if (o->mode == MODE_TUI) {
		if (nfiles > 1) {
			fputs("nfwalk: the live diagram shows one scenario at a time\n", stderr);
			return 2;
		}
		return run_tui(nfiles ? files[0] : NULL, o);
	}
	if (nfiles == 0)
		return run_batch(NULL, o);
	int worst = 0;
	for (int i = 0; i < nfiles; i++) {
		int r = run_batch(files[i], o);
		if (r > worst)
			worst = r;
	}
	return worst;
}

/* What the options hold on the heap: the --packet, --iface, --route lists. */
static void options_free(struct options *o)
{
	free(o->one.packets);
	free(o->one.ifaces);
	free(o->one.routes);
}

int main(int argc, char **argv)
{
	struct options o = {.mode = MODE_AUTO, .format = FORMAT_TEXT, .speed = 4};
	atexit(nf_close_stdout); /* a failed write is an error, a closed pipe is not */
	int rc = parse_options(argc, argv, &o);
	if (rc)
		return rc;
	/* Into a file or a pipe, write 64 KiB at a time, not stdio's 4 KiB:
	 * a trace makes a few KB a packet, and the write(2) per 4 KiB was an
	 * eighth of a text trace (more in a VM).  Not for --live, whose
	 * packets should show as they come. */
	static char out_buf[1 << 16]; /* glibc ignores the size without a buffer */
	if (!o.cap.live && !isatty(STDOUT_FILENO))
		setvbuf(stdout, out_buf, _IOFBF, sizeof(out_buf));
	int nfiles = argc - optind;
	char **files = argv + optind;

	rc = dispatch(&o, nfiles, files);
	options_free(&o);
	return rc;
}
