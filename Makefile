# The README's two commands: `make run` and `make test`. `make install` is their shared first step.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STREAMLIT_PORT ?= 8501

.PHONY: install run test browser-deps bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: install
	$(BIN)/streamlit run app.py --server.port $(STREAMLIT_PORT) --server.headless true

test: install browser-deps
	$(BIN)/python -m pytest -q

# Debian's chromium and its driver for tests/test_browser.py, installed with apt only when missing.
browser-deps:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	else \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		echo "Installing chromium and chromium-driver for the browser test (apt)"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null \
		|| echo "WARNING: could not install chromium; tests/test_browser.py will fail and say so"; \
	fi

bench: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/app.py

clean:
	rm -rf $(VENV) *.egg-info tests/_generated bench/_data
