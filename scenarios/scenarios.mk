# scenarios.mk - shipped scenarios (installed under $(pkgdatadir)/scenarios)
# and the tour, which is also embedded in the binary (src/scenario/tour_data.c).
SCENARIOS = \
	scenarios/tour.yaml \
	scenarios/nft-inet-firewall.yaml \
	scenarios/nft-dual-stack.yaml \
	scenarios/nft-nat-gateway.yaml \
	scenarios/nft-iptables-mix.yaml \
	scenarios/nft-load-balancer.yaml \
	scenarios/nft-rate-blocklist.yaml \
	scenarios/nft-ct-keys.yaml \
	scenarios/filter-policies.yaml \
	scenarios/user-chains.yaml \
	scenarios/dual-stack.yaml \
	scenarios/nat66.yaml \
	scenarios/icmp6-errors.yaml \
	scenarios/rpfilter6.yaml \
	scenarios/policy-route6.yaml \
	scenarios/mark-match.yaml \
	scenarios/dnat-port-forward.yaml \
	scenarios/redirect.yaml \
	scenarios/snat-masquerade.yaml \
	scenarios/conntrack-states.yaml \
	scenarios/connmark.yaml \
	scenarios/notrack.yaml \
	scenarios/fwmark-routing.yaml \
	scenarios/output-dnat.yaml \
	scenarios/output-mark-reroute.yaml \
	scenarios/qos-classify.yaml \
	scenarios/imq.yaml \
	scenarios/admin-matches.yaml \
	scenarios/owner.yaml \
	scenarios/payload-matches.yaml \
	scenarios/time.yaml \
	scenarios/ipset.yaml \
	scenarios/ipset-timeout.yaml \
	scenarios/ftp-helper.yaml \
	scenarios/ftp-nat.yaml \
	scenarios/more-matches.yaml \
	scenarios/socket-match.yaml \
	scenarios/cgroup.yaml \
	scenarios/sctp.yaml \
	scenarios/hmark.yaml \
	scenarios/tee.yaml \
	scenarios/icmp-errors-nat.yaml \
	scenarios/redirect-rate.yaml
nobase_dist_pkgdata_DATA += $(SCENARIOS)

# The IPCHAINS column (Linux 2.2) and the lessons that contrast eras.
SCENARIOS += scenarios/ipchains-masq.yaml scenarios/qos-u32.yaml
LESSONS = \
	scenarios/lessons/ipchains-vs-iptables-iptables.yaml \
	scenarios/lessons/ipchains-vs-iptables.yaml \
	scenarios/lessons/lartc-qos.yaml
nobase_dist_pkgdata_DATA += $(LESSONS)
