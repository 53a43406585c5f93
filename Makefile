# noticescan: the two set-up commands of the README are `make run` and
# `make test`; each installs what it needs first (scripts/setup.sh).

GO ?= go
DATA_DIR ?= ./data
ADDR ?= 127.0.0.1:8080
# nodynamic: the HEIC decoder runs only its WebAssembly build and never
# loads a native libheif found on the machine (see the Dockerfile). Every go
# command below, and the go builds the tests run, inherit it.
export GOFLAGS := $(strip $(GOFLAGS) -tags=nodynamic)

.PHONY: run test build check bench bench-compare fuzz setup-run setup-test

setup-run:
	@scripts/setup.sh run

setup-test:
	@scripts/setup.sh test

build: setup-run
	$(GO) build -o bin/noticescan ./cmd/noticescan
	$(GO) build -o bin/noticegen ./cmd/noticegen

# Runs the service on embedded defaults: local files and an embedded
# database under $(DATA_DIR).
run: build
	./bin/noticescan serve --addr $(ADDR) --data-dir $(DATA_DIR)

# Static checks that CI would otherwise catch late.
check:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt would change:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...
	CGO_ENABLED=0 $(GO) build ./extractor/... ./document/... ./storage/... ./noticegen/... ./intake/... ./api/...
	@$(GO) mod tidy -diff || { echo "go.mod/go.sum are not tidy: run 'go mod tidy' and commit the result"; exit 1; }

# Tests that push whole pages of pixels, or hundreds of megabytes, through
# Go code on one goroutine: the accuracy gate, the reading tests on turned
# pages and photos, bomb refusal and the generator's determinism. The race
# detector runs them five or six times slower and proves nothing more, so
# `make test` runs them in a second, race-free pass: every test runs once.
PIXEL_TESTS := ^(TestAccuracyGate|TestRecognize_TurnNeverReadsWorse|TestRecognize_TurnedPageZerosUnslashed|TestReadTurned_Guard|TestEngine_RecognizePhotoOnLightDesk|TestFindSheet_ReadWhole|TestProcess_GeneratedPhotos|TestProcess_HEICMatchesJPEG|TestProcess_NoSilentMiss|TestProcess_AbbreviatedLabels|TestProcess_UnreadableLabelValue|TestProcess_FormWithoutItsReceipt|TestOpenRefusesBombs|TestPhoto_Deterministic|TestGenerate_Deterministic)$$
PIXEL_PKGS := ./ocr ./pipeline ./document ./noticegen

# The whole test suite with the race detector, but for PIXEL_TESTS; then
# PIXEL_TESTS without it.
test: setup-test check
	$(GO) test -race -count=1 -timeout 20m -skip '$(PIXEL_TESTS)' ./...
	$(GO) test -count=1 -timeout 20m -run '$(PIXEL_TESTS)' $(PIXEL_PKGS)

# Long benchmarks (OCR against the tesseract CLI, batch throughput); not
# part of `make test`.
bench: setup-test
	$(GO) test -run '^$$' -bench . -benchtime 3x -timeout 60m ./...

# Scanned pages read by this tree against BASE (default b9dae1b, the
# head before photo restoration, HEIC and fax cleaning), alternately, with
# seconds per page and their ratio; then a photo page against a scan of
# the same notice. Prints figures, asserts nothing; not part of `make test`.
BASE ?= b9dae1b
ROUNDS ?= 3
bench-compare: setup-test
	scripts/benchcompare.py --base $(BASE) --rounds $(ROUNDS) $(if $(SCANS),--scans $(SCANS))

# Short fuzzing of the parsers and the extractor.
fuzz:
	$(GO) test ./extractor -run '^$$' -fuzz FuzzExtract -fuzztime 60s
	$(GO) test ./extractor -run '^$$' -fuzz FuzzResolve -fuzztime 30s
	$(GO) test ./document -run '^$$' -fuzz FuzzOpen -fuzztime 60s
	$(GO) test ./document -run '^$$' -fuzz FuzzDecodedSize -fuzztime 30s
	$(GO) test ./document -run '^$$' -fuzz FuzzCheckNesting -fuzztime 30s
	$(GO) test ./egress -run '^$$' -fuzz FuzzCheckURL -fuzztime 30s
	$(GO) test ./api -run '^$$' -fuzz FuzzFilename -fuzztime 30s
