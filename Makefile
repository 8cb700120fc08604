# Kring: `make run` builds everything and starts the server on http://127.0.0.1:8080;
# `make test` builds and runs every test. Both install what they need first.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
DATA_DIR ?= ./data
JOBS ?= $(shell nproc)

.PHONY: all deps configure build web run test test-unit test-integration test-e2e clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: deps $(BUILD_DIR)/build.ninja

build: configure web
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The web app is optional until web/ exists (the API works without it).
web: deps
	@if [ -f web/package.json ]; then cd web && npm run build; fi

run: build
	@if [ ! -f $(DATA_DIR)/kring.db ]; then \
	  echo "First run: filling $(DATA_DIR) with demo communities (kring seed --demo)."; \
	  ./$(BUILD_DIR)/kring seed --demo --data-dir $(DATA_DIR); \
	fi
	./$(BUILD_DIR)/kring serve --data-dir $(DATA_DIR)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j 2
	node --test --test-concurrency=2 tests/integration/
	@if [ -d tests/e2e ] && [ -f tests/package.json ]; then node --test --test-concurrency=1 tests/e2e/; fi

clean:
	rm -rf $(BUILD_DIR)
