# Tally — the two commands a new machine needs: `make demo` and `make test`.
SWIFT ?= swift
TALLY = .build/release/tally

.PHONY: deps build demo test bench bench-quick clean

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

clean:
	rm -rf .build tally.lmdb tally-report.html
