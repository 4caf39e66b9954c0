#!/bin/sh
# Lossless JPEG test files made by dcmtk's encoder (Debian's dcmtk 3.6.7) from corpus files, covering
# what the corpus lacks: predictors (selection values) 2 to 7, a point transform, and odd-sized RGB.
# Their expected pixels come from make_pixel_oracle.py (dcmtk's decoder, then pydicom).
#   sh sdk-dicom/src/test/python/make_jpeg_lossless_fixtures.sh ../shared/testdata/dicom
set -eu
corpus=${1:-../shared/testdata/dicom}
out=$(dirname "$0")/../resources/jpeg-lossless
mkdir -p "$out"
for sv in 1 2 3 4 5 6 7; do
  dcmcjpeg +el +sv "$sv" "$corpus/MR_small.dcm" "$out/MR_small_sv$sv.dcm"
done
dcmcjpeg +el +sv 4 +pt 3 "$corpus/MR_small.dcm" "$out/MR_small_sv4_pt3.dcm"
dcmcjpeg +el +sv 7 "$corpus/SC_rgb_small_odd.dcm" "$out/SC_rgb_small_odd_sv7.dcm"
dcmcjpeg +el +sv 5 "$corpus/CT_small.dcm" "$out/CT_small_sv5.dcm"
