#!/bin/sh
# Installs versitygw, the S3-compatible server the storage tests run against
# (storage/storagetest.StartS3). The tests never download anything: when the
# binary is missing they fail and point here.
#
# Idempotent: does nothing when the pinned version is already installed.
# Installs to ${XDG_CACHE_HOME:-$HOME/.cache}/noticescan/bin/versitygw, or
# to $NOTICESCAN_VERSITYGW if set; the tests look in the same place.
set -eu

MODULE=github.com/versity/versitygw
VERSION=v1.8.0
BIN="${NOTICESCAN_VERSITYGW:-${XDG_CACHE_HOME:-$HOME/.cache}/noticescan/bin/versitygw}"
BIN_DIR=$(dirname "$BIN")

# go version -m reads the module version built into the binary, so a binary
# of another version is replaced rather than trusted.
if [ -x "$BIN" ] && go version -m "$BIN" 2>/dev/null | grep -q "mod[[:space:]]*$MODULE[[:space:]]*$VERSION[[:space:]]"; then
	echo "s3server: versitygw $VERSION already installed at $BIN"
	exit 0
fi

echo "s3server: installing versitygw $VERSION to $BIN (go install, takes a few minutes the first time)"
mkdir -p "$BIN_DIR"
# Build next to the target and rename, so an interrupted install never
# leaves a half-written binary where the tests look.
tmp=$(mktemp -d "$BIN_DIR/.install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
GOBIN="$tmp" go install "$MODULE/cmd/versitygw@$VERSION"
mv -f "$tmp/versitygw" "$BIN"
echo "s3server: installed $BIN"
