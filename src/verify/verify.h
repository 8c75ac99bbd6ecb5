/* verify.h - `nfwalk --verify-kernel`: the scenario run by nfwalk and by
 * the running kernel, side by side.
 *
 * The kernel side is built in fresh network namespaces (a router holding
 * the scenario's configuration and rules, loaded with iptables-nft-restore,
 * and one peer namespace per interface); the scenario's packets are
 * injected there and the kernel's walk is read from the nf_tables trace,
 * the wires and the conntrack table.  The namespaces are removed on every
 * exit, signals included. */
#ifndef NFWALK_VERIFY_H
#define NFWALK_VERIFY_H

#include <stdio.h>

#include "scenario/scenario.h"

/* Run s both ways and print the comparison to out.  Returns 0 when
 * nfwalk and the kernel agree (or the scenario says the kernel cannot
 * check it: `kernel: skip REASON`), 1 when they differ, 2 when the check
 * could not run (not root, no namespaces, a tool missing, the kernel
 * refused the configuration), with err saying why. */
int verify_kernel(const struct scenario *s, FILE *out, struct nf_error *err);

/* --cleanup: remove the nfwv-* network namespaces of --verify-kernel runs
 * that no longer exist (one killed by SIGKILL cannot remove its own; the
 * next run would), naming each on out.  Returns 0, or 2 with err set when
 * one cannot be removed (not root). */
int verify_cleanup(FILE *out, struct nf_error *err);

#endif
