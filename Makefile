# petri — build, test and demo. `make demo` and `make test` do all the set-up on a fresh Debian 12.
SHELL := /bin/bash
SWIFT ?= swift
SWIFT_FLAGS ?=
BUILD_DIR := .build/debug
PETRI := $(BUILD_DIR)/petri
PROGRAMS_SRC := $(wildcard tests/programs/*.c)
PROGRAMS_BIN := $(patsubst tests/programs/%.c,tests/programs/bin/%,$(PROGRAMS_SRC))
PROGRAMS32_SRC := $(wildcard tests/programs/*32.c)
# System packages the project needs (build, tests, fixtures, benchmarks; postgresql: the job-store
# tests start a server of their own in a temporary folder, docs/service.md).
APT_PACKAGES := gcc make time libc6-dev libseccomp-dev libcap-dev gcc-multilib iproute2 util-linux nftables strace tshark python3 curl openssl netcat-openbsd socat \
	libyara-dev libfuzzy-dev gcc-mingw-w64-x86-64 gcc-mingw-w64-i686 wine wine64 wine64-preloader debootstrap chromium \
	binutils-arm-linux-gnueabi binutils-aarch64-linux-gnu binutils-mips-linux-gnu binutils-mipsel-linux-gnu \
	libc6-dev-armel-cross libc6-dev-arm64-cross libc6-dev-mips-cross libc6-dev-mipsel-cross \
	libgcc-12-dev-armel-cross libgcc-12-dev-arm64-cross libgcc-12-dev-mips-cross libgcc-12-dev-mipsel-cross qemu-user-static \
	postgresql unzip file wget
# Python packages the cross-checks use (PyPI): static triage, Sigma, and the STIX and MISP importers.
PIP_PACKAGES := pefile lief jsonschema pysigma pysigma-backend-sqlite stix2 stix2-validator pymisp

.PHONY: all deps build programs fixtures test demo bench fuzz clean guest install

all: build

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "deps: installing$$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $$missing >/dev/null || { echo "deps: apt-get install$$missing failed" >&2; exit 1; }; \
	  else \
	    echo "deps: missing system packages:$$missing — run: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "deps: swift toolchain not found on PATH" >&2; exit 1; }
	@python3 -c "import pefile, lief, jsonschema, sigma, sigma.backends.sqlite, stix2, stix2validator, pymisp" 2>/dev/null || { echo "deps: pip install $(PIP_PACKAGES)"; python3 -m pip install --quiet $(PIP_PACKAGES) || { echo "deps: pip install $(PIP_PACKAGES) failed" >&2; exit 1; }; }

build: deps
	$(SWIFT) build $(SWIFT_FLAGS)

tests/programs/bin/%: tests/programs/%.c tests/programs/probe.h
	@mkdir -p tests/programs/bin
	@if [[ "$*" == *32 ]]; then gcc -m32 -O1 -static -o $@ $<; \
	 elif [[ "$*" == int80 || "$*" == *static* ]]; then gcc -O1 -static -no-pie -o $@ $<; \
	 else gcc -O1 -o $@ $<; fi

# The guest image every sample runs in (docs/guest.md): built once into /var/cache/petri/guest/<id>
# (about 1-2 minutes, needs the Debian mirror), before the tests and runs that go offline.
guest: build
	$(PETRI) guest prepare

programs: deps $(PROGRAMS_BIN)
	$(MAKE) -s -C tests/pe

# Harmless simulators and their expectations (docs/corpus.md); binaries in fixtures/bin, never committed.
FIXTURES := fixtures

fixtures: deps programs
	$(MAKE) -C $(FIXTURES)
	$(MAKE) -s -C $(FIXTURES)/win
	cp $(FIXTURES)/bin/win/sp-sim.exe $(FIXTURES)/bin/sp-sim.exe
	if [ -f $(FIXTURES)/bin/win/sp-sim32.exe ]; then cp $(FIXTURES)/bin/win/sp-sim32.exe $(FIXTURES)/bin/sp-sim32.exe; fi

# Everything needing the package registries happens first; the tests themselves run in a network
# namespace of their own with only lo, so nothing a test sample does can leave the machine.
test: deps programs fixtures guest
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	$(SWIFT) build $(SWIFT_FLAGS)
	unshare --net -- bash -c 'ip link set lo up && $(SWIFT) test --skip-build $(SWIFT_FLAGS)'

# The fixture corpus against fixtures/expectations.yaml, in a network namespace with only lo (like
# `make test`). The last line is "N passed, N failed"; exit 1 when any expectation fails.
.PHONY: corpus
corpus: build fixtures guest
	@mkdir -p out
	unshare --net -- bash -c 'ip link set lo up && $(PETRI) corpus $(FIXTURES)/bin --yara tests/yara --expect $(FIXTURES)/expectations.yaml --junit out/corpus-junit.xml --summary out/corpus-summary.json --out out/corpus'

demo: build programs guest
	@mkdir -p out
	$(PETRI) analyze demo/demo-sample.sh --out out/demo-report.json --artifacts out/demo-artifacts --quiet || true
	$(PETRI) report show out/demo-report.json
	@echo "report: out/demo-report.json"

# Atomic Red Team as an outside yardstick (not part of CI; fetches nothing): ART=<checkout of
# redcanaryco/atomic-red-team>. Writes the per-technique table into docs/detection.md.
.PHONY: eval
eval: build
	bash tests/eval/eval.sh

bench: build programs
	bash bench/syscalls.sh

# Every libFuzzer harness for a bounded time (FUZZ_SECONDS each, default 30): static parsers (PE,
# ELF, archives), the syscall decoder and report reader, the DNS/HTTP/TLS parsers and the profile
# loader. Crashers land in Tests/PetriAnalysisTests/Crashers or fuzz/crashers, replayed by the tests.
# Every script runs even when an earlier one found something; the exit status says if any did.
FUZZ_SECONDS ?= 30
fuzz: deps
	@rc=0; \
	bash fuzz/run.sh $(FUZZ_SECONDS) || rc=1; \
	bash fuzz/run-core.sh $(FUZZ_SECONDS) || rc=1; \
	bash fuzz/run-net.sh $(FUZZ_SECONDS) || rc=1; \
	exit $$rc

clean:
	rm -rf .build tests/programs/bin out

# The binary in PREFIX/bin and its data (profiles, behaviour rules, Sigma and YARA rules, decoys) in
# PREFIX/share/petri/profiles, where an installed petri looks for them.
PREFIX ?= /usr/local
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/petri
	install -m 0755 "$$($(SWIFT) build $(SWIFT_FLAGS) --show-bin-path)/petri" $(DESTDIR)$(PREFIX)/bin/petri
	rm -rf $(DESTDIR)$(PREFIX)/share/petri/profiles
	cp -R profiles $(DESTDIR)$(PREFIX)/share/petri/profiles
	chmod -R u=rwX,go=rX $(DESTDIR)$(PREFIX)/share/petri/profiles
