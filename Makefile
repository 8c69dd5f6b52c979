# careprint: `make demo` builds the demo pack into out/, `make test` runs the test suite.
# Both set up everything on a fresh Debian machine: system libraries (apt-get, when root),
# a virtual environment in .venv, and the Python packages.
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
PIP := $(VENV)/bin/pip
CAREPRINT := $(VENV)/bin/careprint
DEMO_COUNTRIES ?= GB,US

# Pango for WeasyPrint; the HarfBuzz subsetter keeps builds fast and PDFs reproducible;
# Noto CJK and Noto core give glyphs for Chinese, Japanese, Korean, Hebrew and Bengali names.
RUNTIME_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-noto-core
# pdftotext/pdfinfo/pdftoppm and msgfmt are used by the tests; headless chromium opens the
# output catalogue (index.html) the way a reader would.
TEST_DEBS := poppler-utils gettext chromium

.PHONY: demo test lint lock sysdeps sysdeps-test clean

# Install Debian packages that are missing: apt-get when root, else print the exact command.
define ensure_debs
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if ! command -v apt-get >/dev/null; then \
	    echo "careprint needs these Debian/Ubuntu packages (or your system's equivalent):$$missing" >&2; exit 1; \
	  elif [ "$$(id -u)" = 0 ]; then \
	    echo "installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "careprint needs system packages. Run this, then make again:" >&2; \
	    echo "  sudo apt-get install -y$$missing" >&2; exit 1; \
	  fi; \
	fi
endef

sysdeps:
	$(call ensure_debs,$(RUNTIME_DEBS))

sysdeps-test: sysdeps
	$(call ensure_debs,$(TEST_DEBS))

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Every machine installs exactly requirements.lock (versions and hashes), then careprint itself
# in place, then removes anything the lock does not list, so an old .venv and a new one agree.
# The stamp depends on the lock: a changed lock reinstalls on the next make.
$(VENV)/.installed: requirements.lock pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q --require-hashes --no-deps -r requirements.lock
	$(PIP) install -q --no-deps --no-build-isolation -e .
	$(VENV)/bin/python tests/lockfile.py sync
	@touch $@

demo: sysdeps $(VENV)/.installed
	$(CAREPRINT) doctor
	$(CAREPRINT) build --pack partner-support --country $(DEMO_COUNTRIES) --out out
	$(CAREPRINT) build --pack partner-support --overlay examples/clinic --out out/clinic
	@echo "Demo PDFs are in out/partner-support/ (and, for the example clinic, out/clinic/)"

test: sysdeps-test lint
	$(VENV)/bin/pytest -q

# lint-imports: the layering of builder/'s sub-packages ([tool.importlinter] in pyproject.toml).
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check builder tests bench
	$(VENV)/bin/ruff format --check builder tests bench
	$(VENV)/bin/mypy builder tests
	$(VENV)/bin/lint-imports

# Regenerate the lock from pyproject.toml's ranges: run it to take up new releases or after
# changing a dependency, then review the diff (and the test diffs of what printed output moved)
# and commit the lock on its own. One lock serves Python 3.11 to 3.13 (--universal).
# `make lock` keeps every pin it can; `make lock UPGRADE=1` takes the newest releases the ranges allow.
lock: $(VENV)/.installed
	$(VENV)/bin/uv pip compile pyproject.toml --all-extras --universal --python-version 3.11 \
	  --generate-hashes $(if $(UPGRADE),--upgrade) --custom-compile-command "make lock" \
	  -o requirements.lock

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
