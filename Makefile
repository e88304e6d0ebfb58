# ClubDesk: `make run` starts the app on a demo data folder, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATA ?= demo-data
DEMO_MEMBERS ?= 2000
export PYTHON

# Tests never touch the real desktop: offscreen Qt, a file-based keyring.
TEST_ENV := QT_QPA_PLATFORM=offscreen PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring

.PHONY: run first-run test test-fast lint format dist server-dist sysdeps screenshots translations bench clean

sysdeps:
	@bash scripts/sysdeps.sh

$(VENV)/.app-installed: pyproject.toml | sysdeps
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[server]'
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.app-installed
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

# The app, activated against a local demo licence server that stops when the app closes.
# DEMO_MINUTES=1 makes a demo licence that expires a minute later: the lock screen.
run: $(VENV)/.app-installed sysdeps
	$(PY) scripts/run_demo.py $(DATA) --members $(DEMO_MEMBERS) $(if $(DEMO_MINUTES),--demo-minutes $(DEMO_MINUTES))

# A new installation: the first-run wizard on an empty folder, the demo server as the vendor.
first-run: $(VENV)/.app-installed sysdeps
	$(PY) scripts/run_demo.py $(DATA) --first-run

test: $(VENV)/.dev-installed sysdeps
	$(TEST_ENV) $(PY) -m pytest

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

translations: $(VENV)/.dev-installed
	$(PY) scripts/translations.py update

screenshots: $(VENV)/.app-installed sysdeps
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/clubdesk --data-dir $(DATA)/shop screenshot --out tests/artifacts/screens --lang fa
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/clubdesk --data-dir $(DATA)/shop screenshot --out tests/artifacts/screens --lang en

# What this OS can build, into dist/ (installers/README.md): the one-folder app everywhere, then
# on Linux the .deb (where dpkg-deb exists) and the AppImage (packed if appimagetool is there,
# else its AppDir), on macOS ClubDesk.app and the .dmg. Windows: installers\windows\build.ps1.
# The lease keys come from CLUBDESK_PUBLIC_KEYS_DIR (default resources/keys/, never committed).
dist: $(VENV)/.dev-installed sysdeps
	$(VENV)/bin/pyinstaller --noconfirm --clean build.spec
	dist/clubdesk/clubdesk --version
	@case "$$(uname -s)" in \
	Linux) \
		if command -v dpkg-deb >/dev/null; then bash installers/linux/deb.sh dist/clubdesk dist; \
		else echo "dpkg-deb not found: no .deb"; fi; \
		bash installers/linux/appimage.sh dist/clubdesk dist ;; \
	Darwin) bash installers/macos/dmg.sh dist/ClubDesk.app dist ;; \
	*) echo "Windows: run installers\\windows\\build.ps1 in PowerShell for the setup .exe" ;; \
	esac

# The clubdesk-server wheel in dist/: the vendor service without Qt (docs/server.md).
server-dist: $(VENV)/.dev-installed
	$(PY) scripts/build_server_wheel.py --out dist

bench: $(VENV)/.dev-installed
	$(PY) bench/counter_search.py --members 1000000
	$(PY) bench/app_start.py --members 1000000
	$(PY) bench/licence_server.py
	$(PY) bench/payments.py
	$(PY) bench/backup.py --members 1000000
	$(PY) bench/sync.py --changes 100000 --members 1000000
	$(PY) bench/import_export.py --members 100000
	$(PY) bench/first_run.py
	$(PY) bench/load.py

clean:
	rm -rf build dist .pytest_cache tests/artifacts
