#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Checkpoint needs, only those that are missing.
# Used by `make run` and `make test`; safe to run again.
set -euo pipefail

packages=(
  pkg-config clang libclang-dev          # bindgen for leptess
  libtesseract-dev libleptonica-dev      # Tesseract OCR engine
  tesseract-ocr-kor tesseract-ocr-eng    # Korean + English language data
  libpq-dev                              # diesel's PostgreSQL backend
  fonts-nanum                            # Korean font for generated test documents
  poppler-utils                          # PDF text extraction and rasterising
  chromium chromium-driver               # headless browser for the console's end-to-end tests
  python3 python3-venv                   # schemathesis, the API contract test (from PyPI)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "install-deps: missing packages (${missing[*]}) and no apt-get; install them by hand" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
