# chokepoint: `make run` scores the shipped data set, `make check` runs every test.
# Both install the Debian packages they need first (tools/deps.sh).

BUILD    ?= build
CC       ?= cc
PKGS     := igraph libcjson libcgraph libgvc gsl plplot
# Paths in messages are cut to fit their buffers on purpose; only gcc warns.
NO_TRUNC := $(shell $(CC) -Werror -Wno-format-truncation -E -x c /dev/null >/dev/null 2>&1 && echo -Wno-format-truncation)
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter $(NO_TRUNC)
CFLAGS   ?= -O2 -g
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# pkg-config runs once, when a rule first needs the flags (so `make deps`
# can install the packages first), and a package it cannot find stops the
# build with its name.
pkg_missing = $(strip $(foreach p,$(1),$(if $(shell pkg-config --exists $(p) && echo y),,$(p))))
pkg_query = $(if $(call pkg_missing,$(1)),$(error pkg-config cannot find: $(call pkg_missing,$(1)) (install them, or run `make deps`)),$(shell pkg-config $(2) $(1)))
PKG_CFLAGS = $(eval PKG_CFLAGS := $(call pkg_query,$(PKGS),--cflags))$(PKG_CFLAGS)
PKG_LIBS   = $(eval PKG_LIBS := $(call pkg_query,$(PKGS),--libs))$(PKG_LIBS)
CMOCKA_CFLAGS = $(eval CMOCKA_CFLAGS := $(call pkg_query,cmocka,--cflags))$(CMOCKA_CFLAGS)
CMOCKA_LIBS   = $(eval CMOCKA_LIBS := $(call pkg_query,cmocka,--libs))$(CMOCKA_LIBS)
ALL_CFLAGS = -std=c11 -pthread -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) -Iinclude -Isrc $(PKG_CFLAGS)
LDLIBS     = $(PKG_LIBS) -lcsv -lm -pthread

LIB_SRC := $(wildcard src/*.c)
CLI_SRC := $(wildcard src/cli/*.c)
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
PIC_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/pic/%.o)
version_part = $(shell sed -n 's/^\#define CHOKEPOINT_VERSION_$(1) \([0-9]*\)$$/\1/p' include/chokepoint/chokepoint.h)
SO_MAJOR := $(call version_part,MAJOR)
SO_VERSION := $(SO_MAJOR).$(call version_part,MINOR).$(call version_part,PATCH)
CLI_OBJ := $(CLI_SRC:src/cli/%.c=$(BUILD)/obj/cli/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

GRAPH    ?= graphs/rare-earths.json
SCENARIO ?= graphs/scenarios/october-2025.json

.PHONY: bench-engine all shared api-check deps run check test fast-load-tests mpi mpi-deps mpi-tests unit cli-tests hostile-tests data-tests oracle-tests fuzz-replay fuzz results san-check tsan-check valgrind-check bench clean diagrams

all: $(BUILD)/libchokepoint.a $(BUILD)/chokepoint

deps:
	@sh tools/deps.sh

# Each object depends on the headers it includes (-MMD -MP writes them).
# Library objects export only what the public header marks CP_API.
$(LIB_OBJ) $(PIC_OBJ): VISIBILITY := -fvisibility=hidden
# Objects also follow the Makefile: a change of flags (or a build from before
# the dependency files) rebuilds them rather than linking stale ones.
$(BUILD)/obj/%.o: src/%.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(VISIBILITY) -MMD -MP -c $< -o $@

$(BUILD)/pic/%.o: src/%.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(VISIBILITY) -fPIC -MMD -MP -c $< -o $@

-include $(LIB_OBJ:.o=.d) $(PIC_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d)

# The shared library (soname libchokepoint.so.$(SO_MAJOR)), for programs
# that link the public API only.
shared: $(BUILD)/libchokepoint.so
$(BUILD)/libchokepoint.so: $(PIC_OBJ)
	$(CC) -shared -Wl,-soname,libchokepoint.so.$(SO_MAJOR) $(CFLAGS) $(EXTRA_CFLAGS) $(LDFLAGS) \
		-o $(BUILD)/libchokepoint.so.$(SO_VERSION) $(PIC_OBJ) $(LDLIBS)
	ln -sf libchokepoint.so.$(SO_VERSION) $(BUILD)/libchokepoint.so.$(SO_MAJOR)
	ln -sf libchokepoint.so.$(SO_VERSION) $@

# The public face: the shared library exports exactly the functions the
# header marks CP_API, and a program that includes only the public header
# (no src/) builds against it and runs.
api-check: $(BUILD)/libchokepoint.so
	@sh tests/api/check.sh $(BUILD) "$(CC)" "$(PKG_LIBS)"

$(BUILD)/libchokepoint.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/chokepoint: $(CLI_OBJ) $(BUILD)/libchokepoint.a
	$(CC) $(CFLAGS) $(EXTRA_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libchokepoint.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libchokepoint.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit -MMD -MP -MF $@.d -o $@ $< \
		$(BUILD)/libchokepoint.a $(LDLIBS) $(CMOCKA_LIBS)

# Targets that install packages first build after deps.sh has finished,
# in a second make, so `make -j` never compiles while packages install.
run: deps
	@$(MAKE) --no-print-directory all
	$(BUILD)/chokepoint score $(GRAPH) $(SCENARIO)

unit: $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)

cli-tests: all
	@sh tests/cli/run.sh $(BUILD)/chokepoint
	@sh tests/cli/render.sh $(BUILD)/chokepoint
	@sh tests/cli/workflow.sh $(BUILD)/chokepoint
	@sh tests/cli/chart.sh $(BUILD)/chokepoint
	@python3 tests/cli/draws.py $(BUILD)/chokepoint

# Hostile input, one suite per family: exit codes, and nothing outside
# each case's temporary folder changed.
hostile-tests: all
	@sh tests/hostile/run.sh $(BUILD)/chokepoint

data-tests: all
	@sh tests/data/run.sh $(BUILD)/chokepoint

# Random graphs scored by the tool and by an independent reading of MODEL.md.
oracle-tests: all
	@python3 tests/oracle/selftest.py --tool $(BUILD)/chokepoint
	@python3 tests/oracle/fuzz_diff.py --tool $(BUILD)/chokepoint -n $(ORACLE_SEEDS) --keep $(BUILD)/oracle-failures
	@python3 tests/check_cases.py --ref
	@python3 tests/oracle/fuzz_diff.py --tool $(BUILD)/chokepoint -n $(ORACLE_SEEDS) --start 1001 --v2 --dated --shares --keep $(BUILD)/oracle-failures-v2
	@python3 tests/oracle/timeline_fuzz.py --tool $(BUILD)/chokepoint -n $(TIMELINE_SEEDS) --keep $(BUILD)/timeline-failures
	@python3 tests/oracle/crosscheck_timeline.py --fuzz $(CROSSCHECK_SEEDS)

ORACLE_SEEDS ?= 60
TIMELINE_SEEDS ?= 40
CROSSCHECK_SEEDS ?= 12

FUZZ_TARGETS := graph scenario score output import fastload
REPLAY_BIN := $(FUZZ_TARGETS:%=$(BUILD)/tests/replay_%)

# The replays run under LeakSanitizer where the compiler has it, unless the
# build is under ASan already (which checks leaks itself).
LEAK_FLAG = $(eval LEAK_FLAG := $(shell printf 'int main(void){return 0;}' | \
	$(CC) -fsanitize=leak -x c -o /dev/null - 2>/dev/null && echo -fsanitize=leak))$(LEAK_FLAG)
REPLAY_FLAGS = $(if $(findstring sanitize=address,$(EXTRA_CFLAGS)),,$(LEAK_FLAG))

$(BUILD)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(BUILD)/libchokepoint.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(REPLAY_FLAGS) -o $@ $< tests/fuzz/replay.c $(BUILD)/libchokepoint.a $(LDLIBS)
$(BUILD)/tests/replay_score $(BUILD)/tests/replay_output: tests/fuzz/load_score.h

# The output target checks SVG with libxml2.
# (pkg-config's answers are kept once computed, so the extra package is
# asked for on its own, not through PKGS.)
$(BUILD)/tests/replay_output fuzz: ALL_CFLAGS += $(call pkg_query,libxml-2.0,--cflags)
$(BUILD)/tests/replay_output fuzz: LDLIBS += $(call pkg_query,libxml-2.0,--libs)

# Every input the fuzzers ever crashed on, through the normal build.
fuzz-replay: $(REPLAY_BIN)
	@sh tests/fuzz/replay.sh $(BUILD) "$(FUZZ_TARGETS)"

# The graph loader's fast path against its cJSON path on every JSON file of
# the tests and the data, the fuzz corpus and generated graphs.
fast-load-tests: all $(BUILD)/tests/replay_fastload
	@sh tests/fastload.sh $(BUILD)/tests/replay_fastload $(BUILD)/chokepoint

# Every suite; make check runs them one by one (tests/check.sh) and counts.
TEST_SUITES := unit cli-tests hostile-tests data-tests oracle-tests fuzz-replay fast-load-tests install-tests report-tests browser-tests
test: $(TEST_SUITES)

# libFuzzer (clang): each target for FUZZ_SECONDS, crashes kept as regressions.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
fuzz: deps
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang EXTRA_CFLAGS="$(FUZZ_FLAGS)" build-fuzz/libchokepoint.a
	@for t in $(FUZZ_TARGETS); do \
		clang $(filter-out $(NO_TRUNC),$(ALL_CFLAGS)) -fsanitize=fuzzer,address,undefined -o build-fuzz/fuzz_$$t tests/fuzz/fuzz_$$t.c \
			build-fuzz/libchokepoint.a $(LDLIBS) || exit 1; \
	done
	@sh tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

# Regenerate the generated tables in graphs/README.md: each scenario's
# results, and the diversification comparisons and target answers.
results: all
	@python3 tools/results_table.py $(BUILD)/chokepoint
	@python3 tools/diversify_tables.py $(BUILD)/chokepoint
	@python3 tools/ranges_table.py $(BUILD)/chokepoint

# Every suite, each one's counts named, then one line over all of them;
# the logs are in $(BUILD)/check/.
check: deps
	@$(MAKE) --no-print-directory -s all
	@sh tests/check.sh $(BUILD) "$(TEST_SUITES) api-check" $(MAKE) --no-print-directory

# The unit and CLI tests again, built with AddressSanitizer and UBSan.
san-check: deps
	@LSAN_OPTIONS="suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0" \
		$(MAKE) --no-print-directory BUILD=build-san EXTRA_CFLAGS="$(SAN_FLAGS)" test

# The thread test (many runs of one prepared model from several threads,
# compared bit for bit with a serial run) under ThreadSanitizer.
TSAN_FLAGS = -fsanitize=thread -fno-omit-frame-pointer
tsan-check: deps
	@$(MAKE) --no-print-directory BUILD=build-tsan EXTRA_CFLAGS="$(TSAN_FLAGS)" build-tsan/tests/test_threads
	@TSAN_OPTIONS="halt_on_error=1" build-tsan/tests/test_threads

# The CLI tests under valgrind's memcheck.
# Graphviz, pango and fontconfig leak of their own in every process that
# renders, so the render tests run with leaks reported but not failing.
valgrind-check: deps
	@$(MAKE) --no-print-directory all
	@CHOKEPOINT_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite" \
		sh tests/cli/run.sh $(BUILD)/chokepoint
	@CHOKEPOINT_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=none" \
		sh tests/cli/render.sh $(BUILD)/chokepoint
	@CHOKEPOINT_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=none" \
		sh tests/cli/chart.sh $(BUILD)/chokepoint

$(BUILD)/bench_engine: tools/bench_engine.c $(BUILD)/libchokepoint.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libchokepoint.a $(LDLIBS)

# The engine's costs as ratios measured in one process (tools/bench_engine.c):
# prepare, run, timeline day, shares, draws and their threads, exact knockouts
# against a full run per node.  ENGINE_NODES
# picks the generated graph (build/bench/gN.json).
ENGINE_NODES ?= 100000
bench-engine: deps all $(BUILD)/bench_engine
	@mkdir -p build/bench
	@[ -f build/bench/g$(ENGINE_NODES).json ] || python3 tools/gengraph.py --nodes $(ENGINE_NODES) --seed 1 \
		-o build/bench/g$(ENGINE_NODES).json --scenario build/bench/s$(ENGINE_NODES).json
	$(BUILD)/bench_engine build/bench/g$(ENGINE_NODES).json build/bench/s$(ENGINE_NODES).json $(if $(DRAWS),$(DRAWS),1000) 30

$(BUILD)/bareparse: tools/bareparse.c
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LDLIBS)

# The README's diagrams (docs/, committed): the example, and the shipped data
# set under the October 2025 controls, whole, merged by country and focused
# on what feeds DIAGRAM_FOCUS; the calendar's timeline chart, alone and with
# the bands of 200 draws; the ranges of 500 draws of the October controls.
DIAGRAM_FOCUS ?= defence@US
OCTOBER := graphs/rare-earths.json graphs/scenarios/october-2025.json
CALENDAR := graphs/rare-earths.json graphs/scenarios/calendar-2025-2026.json --from 2025-03-05 --to 2027-03-31

diagrams: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p docs
	$(BUILD)/chokepoint render -q graphs/example.json graphs/example-scenario.json -o docs/example.svg
	$(BUILD)/chokepoint render -q $(OCTOBER) -o docs/october-2025.svg
	$(BUILD)/chokepoint render -q $(OCTOBER) --collapse country -o docs/october-2025-by-country.svg
	$(BUILD)/chokepoint render -q $(OCTOBER) --focus $(DIAGRAM_FOCUS) -o docs/october-2025-focus.svg
	$(BUILD)/chokepoint timeline -q $(CALENDAR) --chart docs/calendar-2025-2026.svg >/dev/null
	$(BUILD)/chokepoint timeline -q $(CALENDAR) --chart docs/calendar-2025-2026.png >/dev/null
	$(BUILD)/chokepoint timeline -q $(CALENDAR) --draws 200 --chart docs/calendar-2025-2026-bands.svg >/dev/null
	$(BUILD)/chokepoint timeline -q $(CALENDAR) --draws 200 --chart docs/calendar-2025-2026-bands.png >/dev/null
	$(BUILD)/chokepoint score -q $(OCTOBER) --draws 500 --chart docs/october-2025-ranges.svg >/dev/null
	$(BUILD)/chokepoint score -q $(OCTOBER) --draws 500 --chart docs/october-2025-ranges.png >/dev/null

# make bench [SIZES=10000,100000] [DRAWS=200] [BENCH_ARGS=--no-knockouts]: at low
# priority, since the machine is shared; with chokepoint-mpi when it is built.
bench: deps
	@$(MAKE) --no-print-directory all $(BUILD)/bareparse $(BUILD)/bench_engine
	@nice -n 19 python3 tools/bench.py $(BUILD)/chokepoint $(BUILD)/bareparse --engine $(BUILD)/bench_engine \
		--mpi $(BUILD)/chokepoint-mpi \
		--markdown $(BUILD)/bench/table.md $(if $(SIZES),--sizes $(SIZES)) $(if $(DRAWS),--draws $(DRAWS)) $(BENCH_ARGS)

# The tool under MPI (src/mpi/main.c): sweeps split across ranks.
MPICC    ?= mpicc
MPIRUN   ?= mpirun
MPI_OBJ  := $(BUILD)/obj/mpi/main.o $(BUILD)/obj/mpi/cli_main.o $(filter-out $(BUILD)/obj/cli/main.o,$(CLI_OBJ))

mpi: mpi-deps $(BUILD)/chokepoint-mpi

mpi-deps:
	@sh tools/deps.sh mpi

$(BUILD)/obj/mpi/main.o: src/mpi/main.c src/sweep.h
	@mkdir -p $(dir $@)
	$(MPICC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/obj/mpi/cli_main.o: src/cli/main.c src/cli/cli.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -Dmain=cp_cli_main -c $< -o $@

$(BUILD)/chokepoint-mpi: $(MPI_OBJ) $(BUILD)/libchokepoint.a
	$(MPICC) $(CFLAGS) $(EXTRA_CFLAGS) $(LDFLAGS) -o $@ $(MPI_OBJ) $(BUILD)/libchokepoint.a $(LDLIBS)

# chokepoint-mpi on 2 ranks prints what chokepoint prints, byte for byte.
mpi-tests: mpi all
	@sh tests/mpi.sh $(BUILD)/chokepoint $(BUILD)/chokepoint-mpi "$(MPIRUN)"

clean:
	rm -rf $(BUILD) build-san build-tsan build-fuzz

include mk/install.mk mk/report.mk
