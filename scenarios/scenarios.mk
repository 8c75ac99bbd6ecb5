# scenarios.mk - shipped scenarios (installed under $(pkgdatadir)/scenarios)
# and the tour, which is also embedded in the binary (src/scenario/tour_data.c).
SCENARIOS = \
	scenarios/tour.yaml \
	scenarios/filter-policies.yaml \
	scenarios/user-chains.yaml \
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
	scenarios/payload-matches.yaml
nobase_dist_pkgdata_DATA += $(SCENARIOS)
