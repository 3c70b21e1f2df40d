#!/usr/bin/env bash
# Poor scans (issue 22): section-text CER over resolution × JPEG quality, resolution × skew and
# noise; what each OCR preparation step bought (switched off one at a time); OCR speed per page
# against the `tesseract` program alone on the same page images. Markdown on stdout (the tables
# in README.md, "Poor scans"), progress on stderr. Takes about 50 minutes on 2 cores (the grid ~30, the ablation ~20).
#
#   bench/scan_grid.sh [grid|ablation|speed|all]      (default: all)
#
# Needs: tesseract-ocr tesseract-ocr-dan poppler-utils (pdftoppm, pdfimages).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in tesseract pdftoppm pdfimages; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install tesseract-ocr tesseract-ocr-dan poppler-utils)" >&2; exit 1; }
done
cargo build --release --quiet --example scan_grid
exec target/release/examples/scan_grid "${1:-all}"
