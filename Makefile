# Klachtwijs developer tasks. `make run` starts a local demo, `make test` is what CI runs.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON      ?= python3
VENV        := .venv
VPY         := $(VENV)/bin/python
KW          := $(VENV)/bin/klachtwijs
RUFF        := $(VENV)/bin/ruff
LINTIMP     := $(VENV)/bin/lint-imports
# One stamp per set of extras: `make run` installs the runtime only, `make test` adds the test
# tools (a venv made by `make run` gets them the first time `make test` runs).
STAMP_RUN   := $(VENV)/.installed-run
STAMP_TEST  := $(VENV)/.installed-test
# Extra pytest arguments, e.g. make test PYTEST_ARGS="-k intake -x"
PYTEST_ARGS ?=
# pytest-xdist workers per run; 0 runs serially.
PYTEST_JOBS ?= 2
HOST        ?= 127.0.0.1
PORT        ?= 8000

.PHONY: help venv venv-test deps run test lint format bench messages clean distclean stack-test nlds screenshots

help:
	@echo "make run      migrate, load demo data and start the site on http://$(HOST):$(PORT)"
	@echo "make test     lint, then the whole suite on SQLite and on PostgreSQL (PYTEST_ARGS=...)"
	@echo "make lint     ruff check and format check, and the import layers (lint-imports)"
	@echo "make format   ruff format and ruff check --fix"
	@echo "make messages refresh the parents' catalogs (en ar tr pl uk) and list what is untranslated (docs/i18n.md)"
	@echo "make bench    run the benchmarks (bench/run.py)"
	@echo "make nlds     refresh the vendored NL Design System CSS from the npm registry (scripts/vendor-nlds.py)"
	@echo "make screenshots  the form, status page, overview, dossier and report at 360 and 1366 px into docs/screenshots/"
	@echo "make deps     install missing Debian packages (PostgreSQL, Chromium, gettext, fonts)"
	@echo "make clean    remove caches and build leftovers (distclean: also .venv and .klachtwijs)"

venv: $(STAMP_RUN)

venv-test: $(STAMP_TEST)

$(STAMP_RUN): pyproject.toml
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet -e .
	touch $@

# The test extras include the runtime, so this also brings the run stamp up to date.
$(STAMP_TEST): pyproject.toml
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet -e ".[test]"
	touch $@ $(STAMP_RUN)

deps:
	bash scripts/install-system-deps.sh

run: export DEBUG := true
run: venv
	$(KW) migrate --noinput
	@if [ -d src/klachtwijs/locale ]; then \
		$(KW) compilemessages --ignore=$(VENV) || echo "warning: compilemessages failed (is gettext installed? make deps)" >&2; \
	fi
	$(KW) collectstatic --noinput
	$(KW) load_demo
	@bash -c ' \
		mkdir -p .klachtwijs; $(KW) db_worker > .klachtwijs/worker.log 2>&1 & worker=$$!; \
		echo "Achtergrondtaken: log in .klachtwijs/worker.log. De site: http://$(HOST):$(PORT)/ (medewerkers: /staff/)"; \
		trap "kill $$worker 2>/dev/null; wait $$worker 2>/dev/null" EXIT; \
		trap "exit 130" INT TERM; \
		$(KW) runserver $(HOST):$(PORT)'

lint: venv-test
	$(RUFF) check src tests scripts bench
	$(RUFF) format --check src tests scripts bench
	$(LINTIMP)

format: venv-test
	$(RUFF) format src tests scripts bench
	$(RUFF) check --fix src tests

test: deps venv-test lint
	PYTEST_JOBS=$(PYTEST_JOBS) bash scripts/run-tests.sh $(PYTEST_ARGS)

# The container images and the compose stack, end to end (tests/stack; README "Production").
stack-test: deps venv-test
	CONTAINERS_CONF=$(CURDIR)/deploy/containers.conf $(VPY) -m pytest -p no:cacheprovider -s -m stack tests/stack $(PYTEST_ARGS)

bench: venv-test
	$(VPY) bench/run.py

nlds:
	$(PYTHON) scripts/vendor-nlds.py

# The demo site on a throwaway database, photographed by Playwright (Debian's Chromium).
screenshots: venv-test
	$(VPY) scripts/screenshots.py

# Refresh the parents' catalogs from the code (docs/i18n.md): new texts appear with an empty
# msgstr, to be translated; then a check that each catalog compiles. Letters and the annual
# report are Dutch legal documents and are left out.
LOCALES := en ar tr pl uk
messages: venv
	cd src/klachtwijs && ../../$(KW) makemessages $(addprefix -l ,$(LOCALES)) --no-obsolete \
		--ignore='*/migrations/*' --ignore='settings/*' --ignore='static/*' \
		--ignore='feedback/templates/letters/*' \
		--ignore='reports/templates/reports/_body.html' --ignore='reports/templates/reports/document.html'
	for lang in $(LOCALES); do msgfmt --check -o /dev/null src/klachtwijs/locale/$$lang/LC_MESSAGES/django.po || exit 1; done
	@# Lists what is left to translate (tests/test_parent_catalogs.py fails until it is done).
	-$(VPY) scripts/untranslated.py

clean:
	find . -path ./$(VENV) -prune -o -type d \( -name __pycache__ -o -name .pytest_cache -o -name .ruff_cache \) -print0 | xargs -0 rm -rf
	rm -rf build dist src/*.egg-info .coverage .coverage.* htmlcov bench/tmp .klachtwijs/static

distclean: clean
	rm -rf $(VENV) .klachtwijs klachtwijs.sqlite3*
