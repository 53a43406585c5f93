#!/usr/bin/env bash
# Installs what noticescan needs on Debian/Ubuntu (or macOS with Homebrew),
# idempotently: only what is missing is installed, and each step says what
# it does. Usage: scripts/setup.sh run|test
set -euo pipefail
mode=${1:-run}
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

# Packages to run the service (OCR engine, language data, orientation model)
# and to build its cgo binding.
run_pkgs=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd libtesseract-dev libleptonica-dev g++ pkg-config)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_debian() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		say "Debian packages present: $*"
		return
	fi
	say "installing Debian packages: ${missing[*]}"
	as_root apt-get update -qq
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_brew() {
	for p in tesseract tesseract-lang pkg-config; do
		brew list "$p" >/dev/null 2>&1 || { say "brew install $p"; brew install "$p"; }
	done
}

command -v go >/dev/null || { say "Go 1.26 or newer is required (https://go.dev/dl): go not found"; exit 1; }

case "$(uname -s)" in
Darwin) install_brew ;;
*)
	if command -v apt-get >/dev/null; then
		install_debian "${run_pkgs[@]}"
	else
		say "not a Debian/Ubuntu system: install Tesseract 5 with eng+osd data and its headers yourself"
	fi
	;;
esac

# The more accurate model for re-reading identifier lines. Optional: without
# it re-reads use the fast model, so a failed download does not stop set-up.
scripts/bestmodel.sh || say "could not install the best_int English model (see above); identifier re-reads will use the fast model"

if [ "$mode" = test ]; then
	# A headless browser for the web page's tests; libheif's heif-enc, with
	# which the tests make HEIC photos.
	if command -v apt-get >/dev/null; then
		install_debian chromium libheif-examples
	elif ! command -v chromium >/dev/null && ! command -v google-chrome >/dev/null; then
		say "install Chromium or Chrome for the web page's browser test"
	fi
	if [ "$(uname -s)" = Darwin ]; then
		command -v heif-enc >/dev/null || { say "brew install libheif"; brew install libheif; }
	elif ! command -v heif-enc >/dev/null; then
		say "install libheif's heif-enc for the HEIC tests"
	fi
	# A real S3-compatible server for the storage tests.
	scripts/s3server.sh
	# PostgreSQL for the store tests: start the local cluster if it is down.
	if command -v pg_ctlcluster >/dev/null && ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
		say "starting PostgreSQL"
		as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
	fi
fi
say "ready ($mode)"
