#!/bin/sh
# JPEG-LS test files made by dcmtk's encoder (Debian's dcmtk 3.6.7) from corpus files, covering what the
# corpus lacks: line-interleaved and sample-interleaved colour, near-lossless grey (8- and 12-bit),
# non-default thresholds and reset, a multi-frame image, and odd sizes. Their expected pixels come from
# make_pixel_oracle.py (dcmtk's decoder, then pydicom).
#   sh sdk-dicom/src/test/python/make_jpeg_ls_fixtures.sh ../shared/testdata/dicom
set -eu
corpus=${1:-../shared/testdata/dicom}
out=$(dirname "$0")/../resources/jpeg-ls
mkdir -p "$out"
dcmcjpls +il "$corpus/SC_rgb_small_odd.dcm" "$out/SC_rgb_small_odd_ilv1.dcm"
dcmcjpls +is "$corpus/SC_rgb_small_odd.dcm" "$out/SC_rgb_small_odd_ilv2.dcm"
dcmcjpls +in +en +md 3 "$corpus/SC_rgb_small_odd.dcm" "$out/SC_rgb_small_odd_ilv0_near3.dcm"
dcmcjpls +en +md 5 "$corpus/dx_image.dcm" "$out/dx_image_near5.dcm"
dcmcjpls +en +md 2 "$corpus/dicomdirtests_77654033_CR1_6154.dcm" "$out/cr_12bit_near2.dcm"
dcmcjpls +t1 5 +t2 12 +t3 40 +rs 32 "$corpus/MR_small.dcm" "$out/MR_small_thresholds.dcm"
dcmcjpls +il "$corpus/ExplVR_BigEnd.dcm" "$out/ExplVR_rgb_ilv1.dcm"
dcmcjpls +is +en +md 2 "$corpus/ExplVR_BigEnd.dcm" "$out/ExplVR_rgb_ilv2_near2.dcm"
dcmcjpls "$corpus/seg_image_sm_control_labelmap.dcm" "$out/labelmap_20frames.dcm"
