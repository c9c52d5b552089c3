# landpool: the two commands a user needs.
#   make run   install what is missing, build (Release), run the main job on the default region
#   make test  install what is missing, build, run every test with ctest
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= 2
LANDPOOL := $(BUILD_DIR)/landpool
# The built-in default region: generated once (preset harenkarspel, seed 1).
DEFAULT_REGION := $(BUILD_DIR)/regions/harenkarspel
# Where `make run` writes the run's exports and report.
RUN_OUT := $(BUILD_DIR)/run-output

.PHONY: all setup configure build run test sanitize crash-trials fuzz-build fuzz fuzz-smoke format clean

all: build

setup:
	@bash scripts/install-deps.sh
	@bash scripts/install-web.sh

configure: setup
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DLANDPOOL_WERROR=ON >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) -- --no-print-directory

run: build
	@test -f $(DEFAULT_REGION)/parcels.csv || \
	  $(LANDPOOL) generate region --preset harenkarspel --seed 1 --out $(DEFAULT_REGION)
	$(LANDPOOL) import csv $(DEFAULT_REGION) --replace
	$(LANDPOOL) status
	$(LANDPOOL) solve
	$(LANDPOOL) deals
	@for format in csv xlsx json gpkg; do \
	  case $$format in csv) out=$(RUN_OUT)/csv;; *) out=$(RUN_OUT)/run.$$format;; esac; \
	  $(LANDPOOL) export --format $$format --out $$out || exit 1; \
	done
	$(LANDPOOL) report --out $(RUN_OUT)/report.html
	$(LANDPOOL) report --lang nl --out $(RUN_OUT)/rapport.html
	$(LANDPOOL) sheets --out $(RUN_OUT)/sheets
	$(LANDPOOL) sheets --lang nl --out $(RUN_OUT)/bladen
	@echo "landpool: the run's exports, report (rapport.html in Dutch) and deal sheets (sheets/, bladen/) are in $(RUN_OUT)/"

test: build
	@bash scripts/install-deps.sh --test
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory fuzz-smoke

# The whole test suite built with AddressSanitizer and UndefinedBehaviorSanitizer
# (docs/robustness.md); its own build folder, Debug with optimisation.
SANITIZE_DIR ?= build-sanitize
sanitize: setup
	@bash scripts/install-deps.sh --test
	@cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLANDPOOL_SANITIZE=ON \
	  -DLANDPOOL_WERROR=ON >/dev/null
	@cmake --build $(SANITIZE_DIR) -j $(JOBS) -- --no-print-directory
	cd $(SANITIZE_DIR) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan.supp ctest --output-on-failure -j $(JOBS)

# Crash-safety trials, the long run (the test suite runs 14): docs/robustness.md.
crash-trials: build
	python3 bench/crash_trials.py --landpool $(BUILD_DIR)/landpool --trials 504 --seed 11

# libFuzzer targets, one per reader of outside bytes (tests/fuzz/, built with
# clang, ASan and UBSan in their own folder): docs/robustness.md.
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 1800
fuzz-build: setup
	@bash scripts/install-deps.sh --test
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DLANDPOOL_FUZZ=ON -DLANDPOOL_WERROR=ON >/dev/null
	@cmake --build $(FUZZ_DIR) -j $(JOBS) -- --no-print-directory

# Every target for FUZZ_SECONDS (30 minutes each, two at a time).
fuzz: fuzz-build
	bash scripts/fuzz.sh --build $(FUZZ_DIR) --jobs $(JOBS) --seconds $(FUZZ_SECONDS)

# Part of `make test`: the regression inputs, then seconds of each target.
fuzz-smoke: fuzz-build
	bash scripts/fuzz.sh --build $(FUZZ_DIR) --jobs $(JOBS) --seconds 5

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) $(FUZZ_DIR)
