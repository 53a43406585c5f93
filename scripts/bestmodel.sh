#!/bin/sh
# Installs Tesseract's best_int English model as language eng_best, with
# which the OCR engine re-reads identifier lines (ocr.Config.RereadTessdata).
# The service works without it: re-reads then use the fast model the page
# was read with.
#
# Idempotent: does nothing when a verified copy is already installed.
# Installs to ${XDG_CACHE_HOME:-$HOME/.cache}/noticescan/tessdata, or to
# the directory given as the first argument; the engine looks in the same
# place and in the usual tessdata directories. Exits non-zero when the
# download or its check fails.
set -eu

# The tessdata_best int model (LSTM only), as the npm package of
# tesseract.js's language data publishes it; pinned by version and hashes.
URL=https://registry.npmjs.org/@tesseract.js-data/eng/-/eng-1.0.0.tgz
MEMBER=package/4.0.0_best_int/eng.traineddata.gz
GZ_SHA256=45b4cb346724ac1774f1c36f42f182b887bcdb28ebe63e6fff90ac41f3fcff91
SHA256=5dc5d8d640a212c9d6184921ba103b186f50e0fed9ee716c53e6b312b400d747

DIR="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/noticescan/tessdata}"
FILE="$DIR/eng_best.traineddata"

sha256() {
	if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1
}

if [ -f "$FILE" ] && [ "$(sha256 "$FILE")" = "$SHA256" ]; then
	echo "bestmodel: eng_best already installed at $FILE"
	exit 0
fi

echo "bestmodel: installing the best_int English model to $FILE (13 MB download)"
mkdir -p "$DIR"
# Work next to the target and rename, so an interrupted install never
# leaves a half-written model where the engine looks.
tmp=$(mktemp -d "$DIR/.install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
curl -fsSL --retry 3 --retry-delay 2 --connect-timeout 20 -o "$tmp/eng.tgz" "$URL"
tar -xzf "$tmp/eng.tgz" -C "$tmp" "$MEMBER"
got=$(sha256 "$tmp/$MEMBER")
if [ "$got" != "$GZ_SHA256" ]; then
	echo "bestmodel: $MEMBER has sha256 $got, want $GZ_SHA256" >&2
	exit 1
fi
gunzip -c "$tmp/$MEMBER" >"$tmp/eng_best.traineddata"
got=$(sha256 "$tmp/eng_best.traineddata")
if [ "$got" != "$SHA256" ]; then
	echo "bestmodel: eng_best.traineddata has sha256 $got, want $SHA256" >&2
	exit 1
fi
chmod 0644 "$tmp/eng_best.traineddata"
mv -f "$tmp/eng_best.traineddata" "$FILE"
echo "bestmodel: installed $FILE"
