# l10n: every target installs what it needs (a .venv; Debian packages when root).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages: Apertium for real offline MT (English-Spanish, French-Spanish, and the
# Catalan pairs that give French its better route), gettext for msgfmt --check.
RUN_PACKAGES := apertium apertium-eng-spa apertium-fr-es apertium-eng-cat apertium-fra-cat apertium-spa-cat gettext
# Tests also drive headless Chromium (landing page, review page).
TEST_PACKAGES := $(RUN_PACKAGES) chromium chromium-driver
# The review page's accessibility audit runs axe-core (from the npm registry) inside that
# Chromium; npm comes from Debian's npm package unless a Node.js install already has it.
AXE_VERSION := 4.10.3
AXE := .test-cache/axe-core-$(AXE_VERSION)/axe.min.js
# Benchmarks compare against po4a and Translate Toolkit's pofilter.
BENCH_PACKAGES := $(TEST_PACKAGES) po4a translate-toolkit

.PHONY: help venv demo test lint bench fuzz lock clean system-run system-test system-bench

help:
	@echo "make demo   translate the sample press release into every locale; output in dist/"
	@echo "make test   ruff, mypy and pytest"
	@echo "make bench  benchmarks; table in bench/results.md"
	@echo "make fuzz   the property tests, long and random (FUZZ_EXAMPLES=300 each)"
	@echo "make lock   upgrade the pinned versions in constraints.txt (then make test)"

# constraints.txt pins every package (and pip, setuptools) to the versions the suite
# was green with, so a fresh clone months from now installs the same; `make lock` upgrades.
# (The venv's own pip is too old for --build-constraint: pin pip first.)
PIN := --constraint constraints.txt --build-constraint constraints.txt

$(BIN)/l10n: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --constraint constraints.txt pip setuptools
	$(BIN)/pip install --quiet $(PIN) -e '.[dev]'
	@touch $@

venv: $(BIN)/l10n

# Installs the missing Debian packages when run as root; otherwise says what is missing.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "missing Debian packages (run as root or: sudo apt-get install$$missing); tests needing them are skipped"; \
	  fi; \
	fi
endef

system-run:
	$(call apt_install,$(RUN_PACKAGES))

system-test:
	$(call apt_install,$(TEST_PACKAGES))
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then echo "installing Debian packages: npm"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null; \
	  else echo "npm is missing (sudo apt-get install npm): the accessibility audit cannot run"; exit 1; fi; }

system-bench:
	$(call apt_install,$(BENCH_PACKAGES))

demo: venv system-run
	$(BIN)/python -m tools.sample_documents source/interpol-european-regional-conference.txt
	$(BIN)/l10n extract
	$(BIN)/l10n update
	$(BIN)/l10n engines evaluate --apply
	$(BIN)/l10n translate
	$(BIN)/l10n status
	-$(BIN)/l10n check --locale es --locale fr
	$(BIN)/l10n release --version demo --policy draft
	@echo "demo output: dist/index.html (the release as .txt, .docx and .srt), release-demo.tar.gz and release-demo.zip (catalogs in locales/)"

lint: venv
	$(BIN)/ruff check pipeline tests bench tools
	$(BIN)/ruff format --check pipeline tests bench tools
	$(BIN)/mypy

test: venv system-test lint $(AXE)
	$(BIN)/pytest -q

# axe-core for tests/test_serve_loop_e2e.py (skipped without it): fetched once with npm's own client.
$(AXE):
	@mkdir -p $(dir $(AXE))
	cd $(dir $(AXE)) && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && tar xzf axe-core-$(AXE_VERSION).tgz --strip-components=1 package/axe.min.js

bench: venv system-bench
	$(BIN)/python -m bench

# The hypothesis tests that run a few fixed examples in 'make test', run long with random examples.
FUZZ_EXAMPLES ?= 300
fuzz: venv system-test
	L10N_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -x tests/test_fuzz.py tests/test_markdown_injection.py

# Upgrade the pins: the newest versions pyproject.toml allows, in a throw-away venv.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip setuptools
	.venv-lock/bin/pip install --quiet '.[dev]'
	{ echo "# Versions the test suite was green with: make installs exactly these."; \
	  echo "# To upgrade: make lock (resolves the newest allowed by pyproject.toml), then make test, then commit."; \
	  .venv-lock/bin/pip freeze --all --exclude l10n | grep -v '^wheel=='; } > constraints.txt
	rm -rf .venv-lock
	@echo "constraints.txt rewritten; now: rm -rf .venv && make test"

clean:
	rm -rf $(VENV) dist .pytest_cache .mypy_cache .ruff_cache .test-cache
