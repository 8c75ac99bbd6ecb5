# lessons.mk - the lessons (scenarios/lessons/NN-name.yaml): goals, narration
# and expectations; installed beside the scenarios, checked by tests/lessons.sh.
TEACHING_LESSONS = \
	scenarios/lessons/01-for-this-host.yaml \
	scenarios/lessons/02-filter-input.yaml \
	scenarios/lessons/03-filter-forward.yaml \
	scenarios/lessons/04-reject-answers.yaml \
	scenarios/lessons/05-states.yaml \
	scenarios/lessons/06-chains.yaml \
	scenarios/lessons/07-dnat-before-routing.yaml \
	scenarios/lessons/08-snat-after-routing.yaml \
	scenarios/lessons/09-denat-replies.yaml \
	scenarios/lessons/10-marks.yaml \
	scenarios/lessons/11-policy-routing.yaml \
	scenarios/lessons/12-output-reroute.yaml \
	scenarios/lessons/13-raw-notrack.yaml \
	scenarios/lessons/14-qos.yaml \
	scenarios/lessons/15-imq-ingress.yaml \
	scenarios/lessons/16-debugging-a-ruleset.yaml \
	scenarios/lessons/17-related-ftp.yaml
nobase_dist_pkgdata_DATA += $(TEACHING_LESSONS)
EXTRA_DIST += scenarios/lessons/lessons.mk
TESTS += tests/lessons.sh
EXTRA_DIST += tests/lessons.sh
