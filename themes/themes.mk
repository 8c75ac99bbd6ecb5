# themes.mk - the shipped themes: installed under $(pkgdatadir)/themes and
# compiled into nfwalk (src/tui/tui.mk embeds THEME_FILES).
THEME_FILES = \
	themes/default.theme \
	themes/mono.theme \
	themes/high-contrast.theme \
	themes/light.theme
themedir = $(pkgdatadir)/themes
dist_theme_DATA = $(THEME_FILES)
