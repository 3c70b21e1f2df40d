#!/usr/bin/env bash
# Speed and memory of kl-extract against pdftotext (poppler-utils) on the same text-layer PDFs, in
# one run, alternating the two tools, medians of RUNS runs:
#   (a) one long document (~130 pages, joined with qpdf from the corpus renders), one worker,
#       against pdftotext and MuPDF's `mutool draw -F txt` (the three alternating);
#   (b) a batch of BATCH files (copies of the 8 text-layer renders) with --jobs 1 and --jobs 2
#       (pdftotext: one process per file, 1 and 2 at a time with xargs -P);
#   (c) peak memory of kl-extract on batches of 100 and 1,000 files: GNU time's maximum resident
#       set size (the largest single process) and the whole process tree's resident memory
#       (supervisor + workers), sampled every 20 ms from /proc;
#   (d) a mixed batch of 16 files (4 long documents of ~130 pages among 12 renders of 17-30
#       pages), kl-extract with --jobs 1 and --jobs 2: how much the second worker buys;
#   (e) OCR: kl-extract on the corpus's two scanned PDFs against the `tesseract` program on the
#       same page images (taken out with pdfimages, one process per page as a shell loop runs it),
#       one worker and two; and Tesseract alone on the images kl-extract gives it (deskewed, kept
#       with KL_EXTRACT_KEEP_OCR_IMAGES), which separates kl-extract's own work from the cost
#       of reading straightened pages; and a scan among text files at two jobs (the text files'
#       worker lends its core to the scan's OCR) against Tesseract alone on the scan's pages.
# kl-extract does the whole job each time (text, repair, structure, tables, CSV files); pdftotext
# extracts plain text only. Wall-clock seconds decide pages/s; CPU seconds (user + system) are
# printed beside them.
#
#   bench/run.sh [RUNS] [BATCH]        (defaults: 5 runs, 240 files; OCR_RUNS=N for (e), default
#                                       RUNS: each of its runs takes ~2.5 minutes; 0 skips it)
#
# Needs: poppler-utils (pdftotext, pdfimages), mupdf-tools (mutool), qpdf, time (GNU
# /usr/bin/time), tesseract-ocr tesseract-ocr-dan (for (e); skipped without them).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
BATCH=${2:-240}
for tool in pdftotext mutool qpdf /usr/bin/time; do
  command -v "$tool" >/dev/null || {
    echo "bench/run.sh needs $tool (apt-get install poppler-utils mupdf-tools qpdf time)" >&2
    exit 1
  }
done
cargo build --release --quiet
BIN=$PWD/target/release/kl-extract
SRC=tests/fixtures/pdf
PDFS=("$SRC"/a_caladea/*.pdf "$SRC"/a_carlito/*.pdf "$SRC"/a_sans/*.pdf "$SRC"/b_typst/*.pdf)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
pages_of() { local n=0; for f in "$@"; do n=$((n + $(qpdf --show-npages "$f"))); done; echo "$n"; }

# A batch folder of N files: copies of the renders under distinct names (so distinct meetings).
make_batch() { # $1 = folder, $2 = files
  mkdir -p "$1"
  for k in $(seq 0 $(($2 - 1))); do
    local p=${PDFS[$((k % ${#PDFS[@]}))]}
    cp "$p" "$1/$(printf '%04d' "$k")_$(basename "$(dirname "$p")")_$(basename "$p")"
  done
}

# Runs "$@" under GNU time; appends "wall cpu maxrss_kb" to the file $T (wall clock from
# date's nanoseconds: GNU time's is rounded to 10 ms).
timed() {
  local s e
  s=$(date +%s%N)
  /usr/bin/time -f "%U %S %M" -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || true
  e=$(date +%s%N)
  awk -v w="$(( (e - s) / 1000 ))" '{printf "%.4f %.3f %s\n", w / 1e6, $1 + $2, $3}' "$WORK/time.txt" >> "$T"
}

kl() { # $1 = input, $2 = jobs
  rm -rf "$WORK/out"
  timed "$BIN" "$1" --out "$WORK/out" --quiet --jobs "$2"
}
ptt() { # $1 = folder or file, $2 = processes
  if [ -f "$1" ]; then
    timed pdftotext "$1" "$WORK/long.txt"
  else
    timed sh -c "ls '$1'/*.pdf | xargs -P $2 -I{} pdftotext {} {}.txt"
    rm -f "$1"/*.txt
  fi
}

# Medians of RUNS alternating runs of kl-extract and pdftotext: prints "kl_wall kl_cpu pt_wall pt_cpu".
compare() { # $1 = input, $2 = jobs
  : > "$WORK/k.txt"; : > "$WORK/p.txt"
  for _ in $(seq "$RUNS"); do
    T="$WORK/k.txt" kl "$1" "$2"
    T="$WORK/p.txt" ptt "$1" "$2"
  done
  echo "$(cut -d' ' -f1 "$WORK/k.txt" | median) $(cut -d' ' -f2 "$WORK/k.txt" | median)" \
    "$(cut -d' ' -f1 "$WORK/p.txt" | median) $(cut -d' ' -f2 "$WORK/p.txt" | median)"
}

report() { # $1 = label, $2 = pages, $3.. = kl_wall kl_cpu pt_wall pt_cpu
  awk -v l="$1" -v n="$2" -v kw="$3" -v kc="$4" -v pw="$5" -v pc="$6" 'BEGIN {
    printf "%-26s %5d pages  kl-extract %6.3f s (cpu %6.2f) %5.0f pages/s   pdftotext %6.3f s (cpu %6.2f) %5.0f pages/s   ratio %.2f\n",
      l, n, kw, kc, n / kw, pw, pc, n / pw, pw / kw }'
}

echo "kl-extract $("$BIN" --version | cut -d' ' -f2) against $(pdftotext -v 2>&1 | head -1)"
echo "$(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GB, $RUNS runs each, medians"
echo "ratio = kl-extract pages/s ÷ pdftotext pages/s (wall clock)"
echo

# (a) One long document, against pdftotext and mutool, the three alternating.
qpdf --empty --pages "$SRC"/a_caladea/seed_000.pdf "$SRC"/a_carlito/seed_001.pdf \
  "$SRC"/a_sans/seed_000.pdf "$SRC"/b_typst/seed_001.pdf "$SRC"/b_typst/seed_000.pdf -- "$WORK/long.pdf"
LONG_PAGES=$(pages_of "$WORK/long.pdf")
: > "$WORK/k.txt"; : > "$WORK/p.txt"; : > "$WORK/m.txt"
for _ in $(seq "$RUNS"); do
  T="$WORK/k.txt" kl "$WORK/long.pdf" 1
  T="$WORK/p.txt" ptt "$WORK/long.pdf" 1
  T="$WORK/m.txt" timed mutool draw -q -F txt -o "$WORK/long-mu.txt" "$WORK/long.pdf"
done
med() { cut -d' ' -f"$2" "$1" | median; }
awk -v n="$LONG_PAGES" -v kw="$(med "$WORK/k.txt" 1)" -v kc="$(med "$WORK/k.txt" 2)" \
  -v pw="$(med "$WORK/p.txt" 1)" -v pc="$(med "$WORK/p.txt" 2)" \
  -v mw="$(med "$WORK/m.txt" 1)" -v mc="$(med "$WORK/m.txt" 2)" 'BEGIN {
  printf "(a) long document, 1 job    %5d pages  kl-extract %6.3f s (cpu %5.3f)  pdftotext %6.3f s (cpu %5.3f)  mutool %6.3f s (cpu %5.3f)\n", n, kw, kc, pw, pc, mw, mc
  printf "    kl-extract pages/s over pdftotext: %.2fx wall, %.2fx cpu; over mutool: %.2fx wall, %.2fx cpu\n", pw / kw, pc / kc, mw / kw, mc / kc }'

# (b) A batch, one and two jobs.
make_batch "$WORK/batch" "$BATCH"
BATCH_PAGES=$(pages_of "$WORK"/batch/*.pdf)
read -r k1 c1 p1 q1 <<<"$(compare "$WORK/batch" 1)"
report "(b) $BATCH files, 1 job" "$BATCH_PAGES" "$k1" "$c1" "$p1" "$q1"
read -r k2 c2 p2 q2 <<<"$(compare "$WORK/batch" 2)"
report "(b) $BATCH files, 2 jobs" "$BATCH_PAGES" "$k2" "$c2" "$p2" "$q2"
awk -v a="$k1" -v b="$k2" -v c="$p1" -v d="$p2" 'BEGIN {
  printf "scaling 1 -> 2 jobs: kl-extract %.2fx, pdftotext %.2fx\n", a / b, c / d }'
echo

# (c) Peak memory by batch size (default jobs: all cores).
descendants() { # every process under $1
  local p
  for p in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$p"
    descendants "$p"
  done
}
tree_rss() { # the peak over time of the summed VmRSS (kB) of $1's descendants, sampled every 20 ms
  local peak=0 sum p rss
  while kill -0 "$1" 2>/dev/null; do
    sum=0
    for p in $(descendants "$1"); do
      # A process on its way out has no VmRSS line (or no status file): it counts 0.
      rss=$(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || true)
      sum=$((sum + ${rss:-0}))
    done
    [ "$sum" -gt "$peak" ] && peak=$sum
    sleep 0.02
  done
  echo "$peak"
}
for n in 100 1000; do
  rm -rf "$WORK/mem" "$WORK/out"
  make_batch "$WORK/mem" "$n"
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$BIN" "$WORK/mem" --out "$WORK/out" --quiet >/dev/null 2>&1 &
  tree=$(tree_rss $!)
  wait
  read -r wall maxrss < "$WORK/time.txt"
  files=$(($(wc -l < "$WORK/out/files.csv") - 1))
  awk -v n="$n" -v f="$files" -v w="$wall" -v m="$maxrss" -v t="$tree" 'BEGIN {
    printf "(c) %4d files (%d in files.csv): %6.1f s, peak RSS %5.1f MB (largest process), %5.1f MB (all processes)\n",
      n, f, w, m / 1024, t / 1024 }'
done
echo

# (d) A mixed batch: 4 long documents among 12 short ones, one worker and two.
mkdir -p "$WORK/mixed"
for k in 0 1 2 3; do
  # The five renders of (a) in four different orders: distinct files of ~130 pages.
  set -- "$SRC"/a_caladea/seed_000.pdf "$SRC"/a_carlito/seed_001.pdf "$SRC"/a_sans/seed_000.pdf \
    "$SRC"/b_typst/seed_001.pdf "$SRC"/b_typst/seed_000.pdf
  order=("$@")
  rot=("${order[@]:$k}" "${order[@]:0:$k}")
  qpdf --empty --pages "${rot[@]}" -- "$WORK/mixed/long_$k.pdf"
done
for k in $(seq 0 11); do
  p=${PDFS[$((k % ${#PDFS[@]}))]}
  cp "$p" "$WORK/mixed/short_$(printf '%02d' "$k")_$(basename "$(dirname "$p")")_$(basename "$p")"
done
MIXED_PAGES=$(pages_of "$WORK"/mixed/*.pdf)
: > "$WORK/k1.txt"; : > "$WORK/k2.txt"
for _ in $(seq "$RUNS"); do
  T="$WORK/k1.txt" kl "$WORK/mixed" 1
  T="$WORK/k2.txt" kl "$WORK/mixed" 2
done
awk -v n="$MIXED_PAGES" -v a="$(med "$WORK/k1.txt" 1)" -v ac="$(med "$WORK/k1.txt" 2)" \
  -v b="$(med "$WORK/k2.txt" 1)" -v bc="$(med "$WORK/k2.txt" 2)" 'BEGIN {
  printf "(d) mixed batch, 16 files   %5d pages  1 job %6.3f s (cpu %5.2f)  2 jobs %6.3f s (cpu %5.2f)  2 jobs are %.2fx faster\n", n, a, ac, b, bc, a / b }'
echo

# (e) OCR against Tesseract alone on the same page images.
if [ "${OCR_RUNS:-$RUNS}" = 0 ]; then
  echo "(e) OCR: skipped (OCR_RUNS=0)"
elif command -v tesseract >/dev/null && command -v pdfimages >/dev/null \
  && tesseract --list-langs 2>/dev/null | grep -qx dan; then
  mkdir -p "$WORK/ocr/img" "$WORK/ocr/in"
  for p in tests/fixtures/pdf/scanned/seed_000.pdf tests/fixtures/pdf/scanned/seed_001.pdf; do
    pdfimages -j "$p" "$WORK/ocr/img/$(basename "$p" .pdf)"
    cp "$p" "$WORK/ocr/in/"
  done
  OCR_PAGES=$(ls "$WORK/ocr/img" | wc -l)
  # The images kl-extract gives Tesseract (deskewed), kept by one untimed run: Tesseract alone
  # on them is the cost of reading those pixels, apart from kl-extract's own work.
  rm -rf "$WORK/out"
  KL_EXTRACT_KEEP_OCR_IMAGES="$WORK/ocr/prep" "$BIN" "$WORK/ocr/in" --out "$WORK/out" --quiet >/dev/null 2>&1 || true
  for j in 1 2; do
    : > "$WORK/t.txt"; : > "$WORK/k.txt"; : > "$WORK/u.txt"
    for _ in $(seq "${OCR_RUNS:-$RUNS}"); do
      T="$WORK/t.txt" timed sh -c "ls '$WORK'/ocr/img/*.jpg | OMP_THREAD_LIMIT=1 xargs -P $j -I{} tesseract {} - -l dan --psm 3 tsv"
      T="$WORK/k.txt" kl "$WORK/ocr/in" "$j"
      # shellcheck disable=SC2016
      T="$WORK/u.txt" timed sh -c "ls '$WORK'/ocr/prep/* | OMP_THREAD_LIMIT=1 xargs -P $j -I{} sh -c 'd=\${1##*-dpi}; exec tesseract \"\$1\" - --dpi \${d%%.*} -l dan --psm 3 tsv' _ {}"
    done
    awk -v j="$j" -v n="$OCR_PAGES" -v t="$(med "$WORK/t.txt" 1)" -v tc="$(med "$WORK/t.txt" 2)" \
      -v k="$(med "$WORK/k.txt" 1)" -v kc="$(med "$WORK/k.txt" 2)" \
      -v u="$(med "$WORK/u.txt" 1)" -v uc="$(med "$WORK/u.txt" 2)" \
      -v un="$(ls "$WORK/ocr/prep" | wc -l)" 'BEGIN {
      printf "(e) OCR, %d job%s, %d pages     tesseract %6.2f s (cpu %6.2f, %.3f s/page)  kl-extract %6.2f s (cpu %6.2f, %.3f s/page)  ratio %.2f\n", j, (j > 1 ? "s" : " "), n, t, tc, t / n, k, kc, k / n, k / t
      printf "    tesseract on the %d images kl-extract gives it (deskewed) %6.2f s (cpu %6.2f): %.2fx the raw images; kl-extract %.2fx of it\n", un, u, uc, u / t, k / u }'
  done
  # A scan among text-layer files, two jobs: once the text files are done, their worker's core
  # is lent to the scan's OCR, so the batch costs about what Tesseract alone takes on the scan's
  # pages with two processes (one core only, before cores were lent: ~1.8x).
  mkdir -p "$WORK/ocr/lent" "$WORK/ocr/lent-img"
  cp tests/fixtures/pdf/scanned/seed_001.pdf "$WORK/ocr/lent/"
  for p in "$SRC"/a_sans/seed_000.pdf "$SRC"/a_carlito/seed_001.pdf "$SRC"/b_typst/seed_000.pdf; do
    cp "$p" "$WORK/ocr/lent/$(basename "$(dirname "$p")")_$(basename "$p")"
  done
  pdfimages -j tests/fixtures/pdf/scanned/seed_001.pdf "$WORK/ocr/lent-img/p"
  LENT_PAGES=$(ls "$WORK/ocr/lent-img" | wc -l)
  : > "$WORK/t.txt"; : > "$WORK/k.txt"
  for _ in $(seq "${OCR_RUNS:-$RUNS}"); do
    T="$WORK/t.txt" timed sh -c "ls '$WORK'/ocr/lent-img/*.jpg | OMP_THREAD_LIMIT=1 xargs -P 2 -I{} tesseract {} - -l dan --psm 3 tsv"
    T="$WORK/k.txt" kl "$WORK/ocr/lent" 2
  done
  awk -v n="$LENT_PAGES" -v t="$(med "$WORK/t.txt" 1)" -v k="$(med "$WORK/k.txt" 1)" 'BEGIN {
    printf "(e) a %d-page scan among 3 text files, 2 jobs: kl-extract %6.2f s; tesseract alone on the scan, 2 processes %6.2f s; ratio %.2f\n", n, k, t, k / t }'
else
  echo "(e) OCR: skipped (needs tesseract-ocr tesseract-ocr-dan poppler-utils)"
fi
