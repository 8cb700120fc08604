# Kring: `make run` builds everything and starts the server on http://127.0.0.1:8080;
# `make test` builds and runs every test. Both install what they need first.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
DATA_DIR ?= ./data
JOBS ?= $(shell nproc)

.PHONY: all deps configure build web run test test-unit test-integration test-e2e clean \
        bench bench-media fuzz fuzz-build fuzz-short test-reliability test-sanitize

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

# Ends with the short fuzz run: the committed regression inputs, then FUZZ_SECONDS per target.
test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j 2
	node --test --test-concurrency=2 tests/integration/
	# One at a time: these tests measure deadlines and would disturb each other on 2 cores.
	node --test --test-concurrency=1 tests/reliability/
	@if [ -d tests/e2e ] && [ -f tests/package.json ]; then node --test --test-concurrency=1 tests/e2e/; fi
	$(MAKE) fuzz-short

# Reliability under load, faults and hostile clients (overload, slow clients, full disk).
test-reliability: build
	node --test --test-concurrency=2 tests/reliability/

# ---- performance and hostile input (docs/performance.md) ----
BENCH_DIR ?= build-bench
FUZZ_DIR ?= build-fuzz
SANITIZE_DIR ?= build-sanitize
FUZZ_CXX ?= clang++-16
FUZZ_CC ?= clang-16
FUZZ_SECONDS ?= 60
# The insights benchmark's event table: 10 M events, the first 1 M recorded as the server records
# them (about 10 minutes on a shared 2-core machine). INSIGHTS_EVENTS=2000000 for a quicker look.
INSIGHTS_EVENTS ?= 10000000
FUZZ_LONG_SECONDS ?= 600

# Load benchmark against nginx plus micro-benchmarks; figures in bench/results/latest.json.
# Then the insights benchmark (ingest, memory, dashboard latency over INSIGHTS_EVENTS events):
# bench/results/insights-latest.json.
bench: deps web
	cmake -S . -B $(BENCH_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DKRING_BENCH=ON
	cmake --build $(BENCH_DIR) -j $(JOBS) --target kring kring_microbench kring_insights_bench
	node bench/run.mjs --build $(BENCH_DIR)
	$(BENCH_DIR)/bench/kring_insights_bench --events $(INSIGHTS_EVENTS) --ingest 1000000 --out bench/results/insights-latest.json
	node bench/media.mjs --build $(BENCH_DIR)

# Photo and video processing against vipsthumbnail, ImageMagick and ffmpeg; bench/results/media-latest.json.
bench-media: deps
	cmake -S . -B $(BENCH_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DKRING_BENCH=ON
	cmake --build $(BENCH_DIR) -j $(JOBS) --target kring
	node bench/media.mjs --build $(BENCH_DIR)

$(FUZZ_DIR)/build.ninja: CMakeLists.txt fuzz/CMakeLists.txt
	cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_C_COMPILER=$(FUZZ_CC) -DCMAKE_CXX_COMPILER=$(FUZZ_CXX) \
	  -DCMAKE_BUILD_TYPE=Fuzz "-DCMAKE_CXX_FLAGS_FUZZ=-O1 -gline-tables-only" "-DCMAKE_C_FLAGS_FUZZ=-O1 -gline-tables-only" \
	  -DKRING_SANITIZE=ON -DKRING_FUZZ=ON

# libFuzzer targets with ASan+UBSan (clang).
fuzz-build: deps $(FUZZ_DIR)/build.ninja
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzz_all

# Short run (also part of make test), and the long one.
fuzz-short: fuzz-build
	bash fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

fuzz: fuzz-build
	bash fuzz/run.sh $(FUZZ_DIR) $(FUZZ_LONG_SECONDS)

# The unit and integration suites (and the reliability tests) on an ASan+UBSan build.
test-sanitize: deps web
	cmake -S . -B $(SANITIZE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKRING_SANITIZE=ON
	cmake --build $(SANITIZE_DIR) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --test-dir $(SANITIZE_DIR) --output-on-failure -j 2
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 KRING_TEST_TIME_FACTOR=4 \
	  KRING_BIN=$(abspath $(SANITIZE_DIR))/kring node --test --test-concurrency=2 tests/integration/ tests/reliability/

clean:
	rm -rf $(BUILD_DIR) $(BENCH_DIR) $(FUZZ_DIR) $(SANITIZE_DIR)
