#!/usr/bin/env bash
# Installs what the end-to-end tests drive, when it is missing: Debian's chromium, poppler-utils,
# a Java runtime and LibreOffice Calc without its desktop (apt, needs root; LibreOffice opens and saves
# a draft as an analyst's spreadsheet would), and the npm packages pinned in tests/e2e/package.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v java >/dev/null || need+=(default-jre-headless)
command -v soffice >/dev/null || need+=(libreoffice-calc-nogui)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "installing ${need[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "error: the end-to-end tests need: ${need[*]} (install them with your package manager)" >&2
    exit 1
  fi
fi

if [ ! -f "$here/node_modules/vnu-jar/build/dist/vnu.jar" ] || [ ! -f "$here/node_modules/axe-core/axe.min.js" ]; then
  npm install --prefix "$here" --no-audit --no-fund --no-package-lock --silent
fi
