#!/usr/bin/env sh
# Builds signpost.css from signpost.scss and the nhsuk-frontend package (exact versions in
# package-lock.json), then drops the rules no page uses (PurgeCSS scans ../src/**/*.rs).
# Run it after changing signpost.scss, the class names in the Rust sources, or the
# nhsuk-frontend version, and commit the result: the Rust build and CI only read the
# committed signpost.css.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npx --no-install sass --no-source-map --no-charset --style=compressed --load-path=node_modules \
  --quiet-deps signpost.scss signpost.full.css
npx --no-install purgecss --config purgecss.config.cjs --output purged
mv purged/signpost.full.css signpost.css
rm -r purged signpost.full.css
printf 'signpost.css: %s bytes, %s gzipped\n' "$(wc -c < signpost.css)" "$(gzip -c signpost.css | wc -c)"
