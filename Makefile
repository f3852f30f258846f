# Tally — the two commands a new machine needs: `make demo` and `make test`.
SWIFT ?= swift
TALLY = .build/release/tally

.PHONY: deps build demo test bench bench-quick bench-build bench-deps fuzz fuzz-build clean

# Installs the C libraries Tally links against when they are missing (Debian/Ubuntu).
deps:
	@pkg-config --exists lmdb || { \
	  echo "installing liblmdb-dev"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq liblmdb-dev pkg-config; }

build: deps
	$(SWIFT) build -c release --product tally

# Builds a realistic sample store (./tally.lmdb) and shows what Tally tells about it.
demo: build
	$(TALLY) demo

# Runs the whole test suite.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

# The side-by-side benchmark against SQLite (Benchmarks/, a separate package, release build).
BENCH = Benchmarks/.build/release/TallyBench
BENCH_DIR ?= /tmp/tally-bench

bench-deps: deps
	@pkg-config --exists sqlite3 || { \
	  echo "installing libsqlite3-dev"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libsqlite3-dev pkg-config; }

bench-build: bench-deps
	cd Benchmarks && $(SWIFT) build -c release

# The full table (BENCHMARKS.md): 1M then 10M events, 3 runs per phase (10M alone takes over two
# hours on 2 shared cores; BENCHMARKS.md shows how to run it once per phase, group by group).
bench: bench-build
	$(BENCH) --events 1000000 --dir $(BENCH_DIR) --output Benchmarks/results/1M.md
	$(BENCH) --events 10000000 --dir $(BENCH_DIR) --output Benchmarks/results/10M.md

# ~100K events, one run per phase, well under a minute: checks that Tally and SQLite computed the
# same totals (events, tokens, cost to the last digit); exits non-zero on any mismatch or failure.
bench-quick: bench-build
	$(BENCH) --quick --dir $(BENCH_DIR)-quick

# libFuzzer targets (Fuzz/, a separate package; release with -sanitize=fuzzer,address).
FUZZ_TARGETS ?= event-record ndjson price-file sql
FUZZ_SECONDS ?= 600

fuzz-build: deps
	cd Fuzz && $(SWIFT) build -c release -Xswiftc -sanitize=fuzzer,address

# Runs each target for FUZZ_SECONDS, one after the other, at nice 19; stops at the first crash
# (the input is left in Fuzz/findings/TARGET/). `make fuzz FUZZ_TARGETS=sql FUZZ_SECONDS=60`.
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do Fuzz/run.sh $$t $(FUZZ_SECONDS) || exit 1; done

clean:
	rm -rf .build Benchmarks/.build Fuzz/.build tally.lmdb tally-report.html
