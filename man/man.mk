# man.mk - manual pages.
dist_man_MANS += man/nfwalk.1
dist_man_MANS += man/nfwalk.7
dist_man_MANS += man/nfwalk-scenario.5
dist_man_MANS += man/nfwalk-theme.5
