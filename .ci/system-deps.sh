#!/usr/bin/env bash
# System packages the report and its tests need (Debian): pango for WeasyPrint (PDF),
# poppler-utils (pdftoppm/pdftotext/pdffonts, PDF tests), chromium (headless HTML test), DejaVu fonts,
# and Noto Sans CJK (fonts-noto-cjk) for the Chinese edition (embedded in report.zh.pdf).
# Installs only what is missing; needs root (CI runs as root). Safe to run repeatedly.
set -euo pipefail
need=()
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0' || need+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK SC" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "missing system packages: ${need[*]} (install them with your package manager)" >&2
  exit 0
fi
echo "installing system packages: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
