#!/usr/bin/env bash
# OCR speed: kl-extract on the corpus's scanned PDFs against the `tesseract` program on the same
# page images (taken out with pdfimages, as kl-extract takes them out), in one run, alternating,
# medians of RUNS runs; once with one worker and once with JOBS workers.
#
#   bench/ocr.sh [RUNS] [JOBS]        (defaults: 3 runs, 2 workers)
#
# Needs: tesseract-ocr tesseract-ocr-dan poppler-utils (pdfimages). Prints seconds per OCR'd
# page for both and the ratio kl-extract / tesseract (the issue's bar: ≤ 1.2).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
JOBS=${2:-2}
for tool in tesseract pdfimages; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install tesseract-ocr tesseract-ocr-dan poppler-utils)" >&2; exit 1; }
done
cargo build --release --quiet
BIN=target/release/kl-extract
PDFS=(tests/fixtures/pdf/scanned/seed_000.pdf tests/fixtures/pdf/scanned/seed_001.pdf)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/img" "$WORK/in"
for p in "${PDFS[@]}"; do
  pdfimages -j "$p" "$WORK/img/$(basename "$p" .pdf)"
  cp "$p" "$WORK/in/"
done
PAGES=$(ls "$WORK/img" | wc -l)

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

run_tesseract() { # $1 = parallel processes
  ls "$WORK"/img/*.jpg | OMP_THREAD_LIMIT=1 xargs -P "$1" -I{} tesseract {} - -l dan --psm 3 tsv >/dev/null 2>&1
}
run_kl() { # $1 = workers
  "$BIN" "$WORK/in" --out "$WORK/out" --quiet --jobs "$1" >/dev/null 2>&1 || true
}

echo "OCR benchmark: $PAGES scanned pages (2 PDFs), $RUNS runs, $(nproc) cores, $(tesseract --version 2>&1 | head -1)"
for j in 1 "$JOBS"; do
  : > "$WORK/t.txt"; : > "$WORK/k.txt"
  for _ in $(seq "$RUNS"); do
    s=$(now); run_tesseract "$j"; e=$(now); awk -v a="$s" -v b="$e" 'BEGIN {print b - a}' >> "$WORK/t.txt"
    s=$(now); run_kl "$j"; e=$(now); awk -v a="$s" -v b="$e" 'BEGIN {print b - a}' >> "$WORK/k.txt"
  done
  t=$(median < "$WORK/t.txt"); k=$(median < "$WORK/k.txt")
  awk -v j="$j" -v t="$t" -v k="$k" -v n="$PAGES" 'BEGIN {
    printf "workers %s: tesseract %.2f s (%.3f s/page)  kl-extract %.2f s (%.3f s/page)  ratio %.2f\n", j, t, t / n, k, k / n, k / t }'
done
