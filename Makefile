# dheapsim — build, test, demo, install.
# `make demo` and `make check` are the two commands of the README; both first
# run tools/bootstrap.sh, which installs missing Debian packages.

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
OPT     ?= -O2
SAN     ?=
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wpointer-arith
CPPFLAGS_ALL = -D_POSIX_C_SOURCE=200809L -Imodel $(CPPFLAGS)
JANSSON_CFLAGS := $(shell pkg-config --cflags jansson 2>/dev/null)
JANSSON_LIBS   := $(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson)
CMOCKA_LIBS    := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)
ifeq ($(SAN),1)
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT      = -O1 -g
endif
ifeq ($(SAN),fuzz)
SANFLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT      = -O1 -g
endif
CFLAGS_ALL = $(WARN) $(OPT) $(SANFLAGS) $(JANSSON_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = $(SANFLAGS) -pthread $(LDFLAGS)

MODEL_SRC := $(sort $(wildcard model/*/*.c))
MODEL_HDR := model/dheapsim.h $(sort $(wildcard model/*/*.h))
# cli/plat_posix*.c or cli/plat_win32*.c: the platform layer (platform.h).
PLATFORM  ?= posix
CLI_SRC   := $(sort $(filter-out cli/plat_%,$(wildcard cli/*.c)) $(wildcard cli/plat_$(PLATFORM)*.c))
TEST_SRC  := $(sort $(wildcard tests/test_*.c))
MODEL_OBJ := $(MODEL_SRC:%.c=$(BUILD)/%.o)
GP_KINDS  := common usage viewspace compare sweep
GP_OBJ    := $(GP_KINDS:%=$(BUILD)/cli/gp_%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/%.o) $(BUILD)/cli/builtin_scenario.o $(GP_OBJ)
TEST_BIN  := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
LIB       := $(BUILD)/libdheapsim.a
EXE       ?=
BIN       := $(BUILD)/dheapsim$(EXE)
DEFAULT_SCENARIO := scenarios/seed-win2003-session0.json

# The Windows build (README "On Windows"): mingw-w64 and jansson from
# Debian's source package (tools/win-deps.sh), the platform layer
# cli/plat_win32*.c, a static dheapsim.exe.
WIN_TRIPLET ?= x86_64-w64-mingw32
WIN_OUT     ?= build-win
WIN_DEPS    := $(WIN_OUT)/deps/$(WIN_TRIPLET)
WIN_BUILD   := $(WIN_OUT)/$(WIN_TRIPLET)
WIN_EXE     := $(WIN_BUILD)/dheapsim.exe

# The browser page (README "In the browser"): the model and web/*.c with
# Debian's emscripten (jansson from Debian's source, tools/web-deps.sh) into
# one dheapsim.js, and the page's files, in build-web/site.
WEB_OUT   ?= build-web
WEB_SITE  := $(WEB_OUT)/site
WEB_OBJ   := $(WEB_OUT)/obj
WEB_PORT  ?= 8765
WEB_EMFLAGS := -O2 -sMODULARIZE=1 -sEXPORT_NAME=DheapsimModule -sSINGLE_FILE=1 \
    -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=web,node \
    -sEXPORTED_FUNCTIONS=_dhw_call,_dhw_free,_malloc,_free \
    -sEXPORTED_RUNTIME_METHODS=cwrap,UTF8ToString
SCENARIO_FILES := $(sort $(wildcard scenarios/*.json))

.PHONY: web web-build check-web windows check-windows dist all bootstrap demo check validate layers outside unit golden badinput schemacheck plotcheck htmlcheck check-asan install clean golden-update bench bench-worst plots \
        hardening valgrind determinism outfile wine-reg tsan fuzz fuzz-build fuzz-regress fuzz-short \
        alloc-diff

all: $(BIN)

bootstrap:
	@sh tools/bootstrap.sh

$(BUILD)/%.o: %.c $(MODEL_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(LIB): $(MODEL_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# The built-in default scenario is compiled into the program.
$(BUILD)/cli/builtin_scenario.c: $(DEFAULT_SCENARIO) tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh $< dh_builtin_scenario > $@

$(BUILD)/cli/builtin_scenario.o: $(BUILD)/cli/builtin_scenario.c
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c $< -o $@

# The gnuplot scripts (plots/*.gp) are compiled in too.
.PRECIOUS: $(BUILD)/cli/gp_%.c
$(BUILD)/cli/gp_%.c: plots/%.gp tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh $< dh_gp_$* > $@

$(BUILD)/cli/gp_%.o: $(BUILD)/cli/gp_%.c
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c $< -o $@

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(LIB) $(JANSSON_LIBS)

$(BUILD)/tests/%: tests/%.c $(LIB) tests/testutil.h tests/testrun.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Itests $(CFLAGS_ALL) $< -o $@ $(LDFLAGS_ALL) $(LIB) $(JANSSON_LIBS) $(CMOCKA_LIBS)

windows:
	@WIN_OUT=$(WIN_OUT) sh tools/win-deps.sh $(WIN_TRIPLET)
	@$(MAKE) --no-print-directory BUILD=$(WIN_BUILD) PLATFORM=win32 EXE=.exe \
	    CC=$(WIN_TRIPLET)-gcc-posix AR=$(WIN_TRIPLET)-ar \
	    CPPFLAGS="-D__USE_MINGW_ANSI_STDIO=1" \
	    JANSSON_CFLAGS="-I$(WIN_DEPS)/include" \
	    JANSSON_LIBS="-L$(WIN_DEPS)/lib -ljansson" \
	    LDFLAGS="-static -Wl,--no-insert-timestamp" \
	    $(WIN_EXE)
	@echo "windows: $(WIN_EXE)"

# dheapsim.exe under Wine (installed when missing): the golden and bad-input
# suites give the Linux bytes, and Windows' own paths, -o rules and gnuplot.exe.
check-windows:
	@BOOTSTRAP_WINE=1 sh tools/bootstrap.sh
	@$(MAKE) --no-print-directory all windows
	@WINEPREFIX=$(abspath $(WIN_OUT))/wineprefix sh tests/check_windows.sh $(WIN_EXE) $(BIN)

# The zip an administrator unpacks, and the source tarball (tools/dist.sh).
dist:
	@$(MAKE) --no-print-directory windows
	@sh tools/dist.sh $(WIN_EXE) $(WIN_OUT)/dist

web-build:
	@WEB_OUT=$(WEB_OUT) sh tools/web-deps.sh
	@$(MAKE) --no-print-directory BUILD=$(WEB_OBJ) CC=emcc AR=emar \
	    JANSSON_CFLAGS="-I$(WEB_OUT)/deps/wasm/include" $(WEB_OBJ)/libdheapsim.a
	@mkdir -p $(WEB_SITE)
	NODE_PATH=/usr/share/nodejs$${NODE_PATH:+:$$NODE_PATH} emcc $(CPPFLAGS_ALL) \
	    $(WARN) -I$(WEB_OUT)/deps/wasm/include web/dheapsim_web.c \
	    $(WEB_OBJ)/libdheapsim.a $(WEB_OUT)/deps/wasm/lib/libjansson.a \
	    $(WEB_EMFLAGS) -o $(WEB_SITE)/dheapsim.tmp.js
	@mv $(WEB_SITE)/dheapsim.tmp.js $(WEB_SITE)/dheapsim.js
	@node web/gen_scenarios.js $(SCENARIO_FILES) > $(WEB_SITE)/scenarios.tmp.js
	@mv $(WEB_SITE)/scenarios.tmp.js $(WEB_SITE)/scenarios.js
	@cp web/index.html web/app.js web/style.css $(WEB_SITE)/
	@echo "web: $(WEB_SITE)/index.html (open it, or: make web)"

# Build the page and serve it on this machine only.
web: web-build
	@echo "web: serving $(WEB_SITE) at http://127.0.0.1:$(WEB_PORT)/ (Ctrl-C stops)"
	@cd $(WEB_SITE) && python3 -m http.server --bind 127.0.0.1 $(WEB_PORT)

# The page in headless Chromium against the CLI (tests/web/browser_test.js).
check-web: $(BIN) web-build
	@sh tests/web/run.sh $(WEB_SITE) $(BIN) $(WEB_OUT)

demo: bootstrap
	@$(MAKE) --no-print-directory all
	./$(BIN) demo

# The layer order of README "Layout" (tools/check_layers.sh), and a test
# that the check catches planted wrong includes.
layers:
	@sh tools/check_layers.sh
	@sh tests/layers_check.sh

unit: $(TEST_BIN)
	@sh tests/run-unit.sh $(TEST_BIN)

# The field cases of validation/ (README "Field validation"): a table of
# predicted against observed; fails only when a case does not run.
validate: $(BIN)
	@sh tests/validate.sh $(BIN)

golden: $(BIN)
	@sh tests/golden.sh $(BIN)
	@sh tests/golden_explain.sh $(BIN)
	@sh tests/golden-import.sh $(BIN)

badinput: $(BIN)
	@sh tests/badinput.sh $(BIN)

# The scenario schema agrees with the loader (python3-jsonschema).
schemacheck: $(BIN)
	@sh tests/schema_check.sh $(BIN)

# No tracked file and no output names a path outside the repository.
outside: $(BIN)
	@sh tests/outside_paths.sh $(BIN)

# gnuplot exits 0 on what the program writes (skipped without gnuplot).
plotcheck: $(BIN)
	@sh tests/plot_check.sh $(BIN)

# The HTML report renders with its charts in headless chromium.
htmlcheck: $(BIN)
	@sh tests/html_check.sh $(BIN)

# The README's images, drawn from shipped scenarios (commit them).
PLOT_IMAGES = plots/usage-comment49.png plots/usage-comment49-256.png \
	plots/usage-ie-tabs-comment7.png plots/viewspace-user-service-logons.png \
	plots/viewspace-3gb-comment26.png
plots: $(BIN)
	./$(BIN) plot scenarios/comment49-service-children.json --kind usage -o plots/usage-comment49.png
	./$(BIN) plot scenarios/comment49-service-children.json --kind usage --shared-section 1024,3072,256 -o plots/usage-comment49-256.png
	./$(BIN) plot scenarios/ie-tabs-comment7.json --kind usage -o plots/usage-ie-tabs-comment7.png
	./$(BIN) plot scenarios/user-service-logons.json --kind viewspace -o plots/viewspace-user-service-logons.png
	./$(BIN) plot scenarios/3gb-fallback-comment26.json --kind viewspace -o plots/viewspace-3gb-comment26.png
	./$(BIN) plot scenarios/fragmentation.json --kind usage -o plots/usage-fragmentation.png
	./$(BIN) plot scenarios/ie7-leak-comment71.json --kind usage -o plots/usage-ie7-leak-comment71.png
	./$(BIN) plot scenarios/comment49-service-children.json --kind compare --os all -o plots/compare-comment49.png
	./$(BIN) plot scenarios/comment49-service-children.json --kind sweep --grow "child processes" --shared-section 256:2048:128 --want 40 -o plots/sweep-comment49.png
	./$(BIN) plot scenarios/user-service-logons.json --kind compare --os all -o plots/compare-user-service-logons.png
	./$(BIN) plot scenarios/user-service-logons.json --kind sweep --grow "service logons" --shared-section 256:1024:256 --session-view-size 20,48 -o plots/sweep-logons-svs.png

check-asan:
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 all
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 unit
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 golden
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 badinput
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 plotcheck

check: bootstrap
	@$(MAKE) --no-print-directory layers
	@$(MAKE) --no-print-directory all $(TEST_BIN)
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory golden
	@$(MAKE) --no-print-directory validate
	@$(MAKE) --no-print-directory badinput
	@$(MAKE) --no-print-directory schemacheck
	@$(MAKE) --no-print-directory outside
	@$(MAKE) --no-print-directory plotcheck
	@$(MAKE) --no-print-directory htmlcheck
	@$(MAKE) --no-print-directory check-web
	@$(MAKE) --no-print-directory hardening
	@$(MAKE) --no-print-directory check-asan
	@echo "make check: all tests passed (plain, browser, hardening and ASan+UBSan builds)"

# ---------------------------------------------------------------- hardening
# valgrind memcheck of the golden scenarios, -O0 against -O2 output, output
# files after errors and signals, the fuzz regressions and a short fuzz run.
# One after another even under make -j: valgrind beside a fuzz target
# would push a regression input past its time limit.
hardening:
	@$(MAKE) --no-print-directory valgrind
	@$(MAKE) --no-print-directory determinism
	@$(MAKE) --no-print-directory outfile
	@$(MAKE) --no-print-directory wine-reg
	@$(MAKE) --no-print-directory tsan
	@$(MAKE) --no-print-directory fuzz-regress
	@$(MAKE) --no-print-directory fuzz-short

valgrind: $(BIN)
	@sh tests/valgrind.sh $(BIN)

# The same sources built with -O0 in build-O0/ must print byte for byte
# what the -O2 build prints, for every scenario and format.
determinism: $(BIN)
	@$(MAKE) --no-print-directory BUILD=build-O0 OPT=-O0 SAN= build-O0/dheapsim
	@sh tests/determinism.sh build-O0/dheapsim $(BIN)

outfile: $(BIN)
	@sh tests/outfile.sh $(BIN)

# The parallel runs of compare, sweep and capacity (-j) under
# ThreadSanitizer, built in build-tsan/.
tsan:
	@$(MAKE) --no-print-directory BUILD=build-tsan SAN= OPT="-O1 -g" \
	    CFLAGS=-fsanitize=thread LDFLAGS=-fsanitize=thread build-tsan/dheapsim
	@sh tests/tsan.sh build-tsan/dheapsim

# The .reg files recommend writes, imported by Wine's regedit and read back
# with Wine's reg query (skipped where Wine is not installed).
wine-reg: $(BIN)
	@sh tests/wine_reg.sh $(BIN)

# libFuzzer targets: every tests/fuzz/fuzz_NAME.c is a target, built with
# clang into build-fuzz/fuzz_NAME, seeded from tests/fuzz/corpus/NAME/ and
# replaying every file of tests/fuzz/regress/NAME/ (the crashes found).
FUZZ_CC      ?= clang
FUZZ_BUILD    = build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_CHECK_SECONDS ?= 20
# One process per target (libFuzzer without -jobs; -jobs=1 would fork a
# worker that logs to fuzz-0.log): the machine is shared.
FUZZ_FLAGS    = -rss_limit_mb=2048 -timeout=10
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES   := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_BIN     := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)

fuzz-build:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) SAN=fuzz CC=$(FUZZ_CC) $(FUZZ_BIN)

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_BUILD)/libdheapsim.a $(MODEL_HDR)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -fsanitize=fuzzer $< -o $@ $(LDFLAGS_ALL) $(FUZZ_BUILD)/libdheapsim.a $(JANSSON_LIBS)

# The command-line target runs the program's own main, built as
# dh_cli_main, with the other CLI objects.
$(BUILD)/cli/main_fuzz.o: cli/main.c $(MODEL_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Dmain=dh_cli_main $(CFLAGS_ALL) -c $< -o $@

$(FUZZ_BUILD)/fuzz_cli: tests/fuzz/fuzz_cli.c $(filter-out $(BUILD)/cli/main.o,$(CLI_OBJ)) $(BUILD)/cli/main_fuzz.o $(FUZZ_BUILD)/libdheapsim.a
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -fsanitize=fuzzer $^ -o $@ $(LDFLAGS_ALL) $(JANSSON_LIBS)

# The browser page's JSON edge, natively.
$(FUZZ_BUILD)/fuzz_web: tests/fuzz/fuzz_web.c web/dheapsim_web.c $(FUZZ_BUILD)/libdheapsim.a
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -fsanitize=fuzzer $^ -o $@ $(LDFLAGS_ALL) $(JANSSON_LIBS)

HAVE_FUZZ_CC = command -v $(FUZZ_CC) >/dev/null 2>&1
NO_FUZZ_CC   = echo "$@: skipped: $(FUZZ_CC) is not installed (tools/bootstrap.sh installs it)"

fuzz-regress:
	@if $(HAVE_FUZZ_CC); then $(MAKE) --no-print-directory fuzz-build && \
	  sh tests/fuzz/run.sh regress $(FUZZ_BUILD) $(FUZZ_NAMES); else $(NO_FUZZ_CC); fi

fuzz-short:
	@if $(HAVE_FUZZ_CC); then $(MAKE) --no-print-directory fuzz-build && \
	  sh tests/fuzz/run.sh fuzz $(FUZZ_BUILD) $(FUZZ_CHECK_SECONDS) "$(FUZZ_FLAGS)" $(FUZZ_NAMES); \
	  else $(NO_FUZZ_CC); fi

fuzz: bootstrap
	@$(MAKE) --no-print-directory fuzz-build
	@sh tests/fuzz/run.sh fuzz $(FUZZ_BUILD) $(FUZZ_SECONDS) "$(FUZZ_FLAGS)" $(FUZZ_NAMES)

# Benchmarks (never timed tests): always an optimised build without
# sanitizers, in build-bench/.
# `make bench` also needs jq (the reference reader of the scenario files):
# bootstrap installs it only here (BOOTSTRAP_BENCH=1), never for check/demo.
BENCH_BUILD = build-bench
BENCH_SCEN  = $(BENCH_BUILD)/scenarios
BENCH_FILES = farm-250.json farm-500.json svchost-2500.json svchost-5000.json \
	startstop-100000.json startstop-1000000.json \
	"cap-svchost.json@service logons" cap-leak.json@pictures
# The farm (2.5 million windows), 1,000,000 start/stop cycles and cap-leak
# run more iterations than the shipped DH_MAX_ITERATIONS (1,000,000) allows,
# and 1,000,000 cycles more estimated heap operations than DH_MAX_HEAP_OPS
# (40,000,000): the bench build alone raises those limits.
BENCH_LIMITS = -DDH_MAX_ITERATIONS=4000000ull -DDH_MAX_HEAP_OPS=400000000ull
bench:
	@BOOTSTRAP_BENCH=1 sh tools/bootstrap.sh
	@$(MAKE) --no-print-directory BUILD=$(BENCH_BUILD) SAN= OPT=-O2 CPPFLAGS="$(BENCH_LIMITS)" $(BENCH_BUILD)/bench_alloc $(BENCH_BUILD)/bench_scale $(BENCH_BUILD)/dheapsim
	@echo "machine: $$(nproc) cores, $$(lscpu | sed -n 's/^Model name: *//p')"
	./$(BENCH_BUILD)/bench_alloc 1000000 10000000
	sh tests/bench/gen_scenarios.sh $(BENCH_SCEN)
	cd $(BENCH_SCEN) && ../bench_scale ../dheapsim jq $(BENCH_FILES) \
	    --plan farm-250.json farm-500.json --sweep "cap-svchost.json@service logons" 200 400

$(BENCH_BUILD)/bench_alloc: tests/bench/bench_alloc.c $(BENCH_BUILD)/libdheapsim.a
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $< -o $@ $(LDFLAGS_ALL) $(BENCH_BUILD)/libdheapsim.a

$(BENCH_BUILD)/bench_scale: tests/bench/bench_scale.c $(BENCH_BUILD)/libdheapsim.a
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $< -o $@ $(LDFLAGS_ALL) $(BENCH_BUILD)/libdheapsim.a $(JANSSON_LIBS)

# The worst inputs the limits accept, timed once each against the target
# (60 s, 2 GB; README "Hardening"): a report to read, not a test.
bench-worst: $(BIN)
	@sh tests/bench/worst.sh $(BIN) build/worst

# Differential checker of the allocator (model/alloc/deskheap.c against the frozen
# copy in tests/alloc_ref/): this long run is not part of `make check`
# (about 15 s); ALLOC_DIFF_ARGS is
# "operations per run" and "seeds" (14 parameter sets per seed).
ALLOC_DIFF_ARGS ?= 200000 8
$(BUILD)/alloc_ref/check_alloc: tests/alloc_ref/check_alloc.c tests/alloc_ref/ref_deskheap.c tests/alloc_ref/ref_heap.h tests/alloc_ref/xorshift.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Itests/alloc_ref $(CFLAGS_ALL) tests/alloc_ref/check_alloc.c tests/alloc_ref/ref_deskheap.c -o $@ $(LDFLAGS_ALL) $(LIB)

# A short run of it is a unit test (test_alloc_diff.c includes both files).
$(BUILD)/tests/test_alloc_diff: tests/alloc_ref/check_alloc.c tests/alloc_ref/ref_deskheap.c tests/alloc_ref/ref_heap.h tests/alloc_ref/xorshift.h

# The same for best_fit_hint against a simple reference written for it
# (tests/alloc_ref/hint_ref.c), compared in full after every operation;
# HINT_DIFF_ARGS is "operations per run" and "seeds" (12 parameter sets
# per seed; the default, 9.6M operations, about 3 minutes: the reference
# scans). test_hint_diff.c is its short run.
HINT_DIFF_ARGS ?= 200000 4
HINT_REF = tests/alloc_ref/check_hint.c tests/alloc_ref/hint_ref.c tests/alloc_ref/hint_ref.h tests/alloc_ref/xorshift.h
$(BUILD)/alloc_ref/check_hint: $(HINT_REF) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Itests/alloc_ref $(CFLAGS_ALL) tests/alloc_ref/check_hint.c tests/alloc_ref/hint_ref.c -o $@ $(LDFLAGS_ALL) $(LIB)

$(BUILD)/tests/test_hint_diff: $(HINT_REF)

alloc-diff: $(BUILD)/alloc_ref/check_alloc $(BUILD)/alloc_ref/check_hint
	./$(BUILD)/alloc_ref/check_alloc $(ALLOC_DIFF_ARGS)
	./$(BUILD)/alloc_ref/check_hint $(HINT_DIFF_ARGS)

# Rewrite the golden files from the current program (review the diff!).
golden-update: $(BIN)
	@sh tests/golden.sh $(BIN) --update
	@sh tests/golden_explain.sh $(BIN) --update
	@sh tests/golden-import.sh $(BIN) --update

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/dheapsim/scenarios
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/dheapsim
	install -m 644 scenarios/*.json scenarios/scenario.schema $(DESTDIR)$(PREFIX)/share/dheapsim/scenarios/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 man/dheapsim.1 $(DESTDIR)$(PREFIX)/share/man/man1/dheapsim.1
	install -d $(DESTDIR)$(PREFIX)/share/doc/dheapsim
	install -m 644 README.md docs/*.md $(DESTDIR)$(PREFIX)/share/doc/dheapsim/

# The Windows and web builds' own outputs go too; their fetched and built
# dependencies (build-win/deps, build-web/deps, the Wine prefix) stay.
clean:
	rm -rf build build-asan build-bench build-O0 build-fuzz build-tsan
	rm -rf $(WIN_OUT)/x86_64-w64-mingw32 $(WIN_OUT)/i686-w64-mingw32 $(WIN_OUT)/dist
	rm -rf $(WEB_OBJ) $(WEB_SITE) $(WEB_OUT)/shots

-include $(MODEL_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
