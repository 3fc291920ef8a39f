#!/usr/bin/env bash
# Refresh the front-end files vendored under src/mutualiser/static/vendor/ from the npm registry.
# Run by hand when upgrading; the site never loads anything from a CDN.
set -euo pipefail
PICO=2.1.1
HTMX=2.0.8
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/src/mutualiser/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "@picocss/pico@$PICO" "htmx.org@$HTMX" >/dev/null 2>&1
for archive in *.tgz; do mkdir -p "${archive%.tgz}" && tar -xzf "$archive" -C "${archive%.tgz}"; done
mkdir -p "$dest"
cp "picocss-pico-$PICO/package/css/pico.min.css" "$dest/pico.min.css"
cp "picocss-pico-$PICO/package/LICENSE.md" "$dest/pico.LICENSE.md"
cp "htmx.org-$HTMX/package/dist/htmx.min.js" "$dest/htmx.min.js"
cp "htmx.org-$HTMX/package/LICENSE" "$dest/htmx.LICENSE"
echo "pico $PICO, htmx $HTMX -> $dest"
