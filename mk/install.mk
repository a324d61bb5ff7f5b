# make install / make uninstall: the tool, the static and shared libraries,
# the header, pkg-config file, man pages and bash completion.
# PREFIX (default /usr/local) is where they go at run time; DESTDIR, when
# given, is prepended at install time only (staged installs, packages).

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
INSTALL    ?= install

# The version and the shared library's names come from the Makefile (the
# header's CHOKEPOINT_VERSION_* numbers); the shared library is built there.
CHOKEPOINT_VERSION := $(SO_VERSION)
SO_NAME    := libchokepoint.so.$(SO_MAJOR)
SO_FILE    := libchokepoint.so.$(SO_VERSION)

install: all $(BUILD)/libchokepoint.so
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(INCLUDEDIR)/chokepoint $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 755 $(BUILD)/chokepoint $(DESTDIR)$(BINDIR)/chokepoint
	$(INSTALL) -m 644 $(BUILD)/libchokepoint.a $(DESTDIR)$(LIBDIR)/libchokepoint.a
	$(INSTALL) -m 755 $(BUILD)/$(SO_FILE) $(DESTDIR)$(LIBDIR)/$(SO_FILE)
	ln -sf $(SO_FILE) $(DESTDIR)$(LIBDIR)/$(SO_NAME)
	ln -sf $(SO_NAME) $(DESTDIR)$(LIBDIR)/libchokepoint.so
	$(INSTALL) -m 644 include/chokepoint/chokepoint.h $(DESTDIR)$(INCLUDEDIR)/chokepoint/chokepoint.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(CHOKEPOINT_VERSION)|' -e 's|@REQUIRES@|$(PKGS)|' mk/chokepoint.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/chokepoint.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/chokepoint.pc
	$(INSTALL) -m 644 man/chokepoint.1 $(DESTDIR)$(MANDIR)/man1/chokepoint.1
	$(INSTALL) -m 644 man/chokepoint-format.5 $(DESTDIR)$(MANDIR)/man5/chokepoint-format.5
	$(INSTALL) -m 644 completion/chokepoint.bash $(DESTDIR)$(BASHCOMPDIR)/chokepoint

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/chokepoint \
		$(DESTDIR)$(LIBDIR)/libchokepoint.a $(DESTDIR)$(LIBDIR)/$(SO_FILE) \
		$(DESTDIR)$(LIBDIR)/$(SO_NAME) $(DESTDIR)$(LIBDIR)/libchokepoint.so \
		$(DESTDIR)$(INCLUDEDIR)/chokepoint/chokepoint.h $(DESTDIR)$(PKGCONFIGDIR)/chokepoint.pc \
		$(DESTDIR)$(MANDIR)/man1/chokepoint.1 $(DESTDIR)$(MANDIR)/man5/chokepoint-format.5 \
		$(DESTDIR)$(BASHCOMPDIR)/chokepoint
	-rmdir $(DESTDIR)$(INCLUDEDIR)/chokepoint 2>/dev/null

# Install into a temporary DESTDIR, build examples/ against it with
# pkg-config, run it, and check the man pages and completion.  The example
# is built with EXTRA_CFLAGS too: under san-check the library is sanitized.
install-tests: all
	@EXAMPLE_CFLAGS="$(EXTRA_CFLAGS)" sh tests/install/run.sh

.PHONY: install uninstall shared install-tests
