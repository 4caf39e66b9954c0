#!/bin/sh
# Small JPEG 2000 / HTJ2K codestreams for sdk-dicom's damaged-stream tests (J2kDamagedStreamsTest), made from
# MR_small.dcm of the shared corpus (64x64, read by pydicom) by OpenJPEG and OpenJPH:
#   apt-get install -y python3-pydicom python3-numpy libopenjp2-tools openjph-tools
#   sh sdk-dicom/src/test/python/make_j2k_fixtures.sh ../shared/testdata/dicom
set -eu
corpus=${1:-../shared/testdata/dicom}
out=$(dirname "$0")/../resources/j2k-fixtures
tmp=$(mktemp -d)
/usr/bin/python3 -c "
import sys, pydicom
a = pydicom.dcmread(sys.argv[1]).pixel_array
open(sys.argv[2], 'wb').write(b'P5\n%d %d\n65535\n' % (a.shape[1], a.shape[0]) + a.astype('>u2').tobytes())
" "$corpus/MR_small.dcm" "$tmp/mr.pgm"
opj_compress -i "$tmp/mr.pgm" -o "$out/mr_53_layers.j2k" -r 20,5,1 -p RPCL -c '[32,32],[32,32]' -SOP -EPH -t 40,40 >/dev/null
opj_compress -i "$tmp/mr.pgm" -o "$out/mr_97_styles.j2k" -I -r 8 -M 63 -b 16,16 >/dev/null
ojph_compress -i "$tmp/mr.pgm" -o "$out/mr_ht.j2c" -reversible true -block_size '{32,32}' >/dev/null
ojph_compress -i "$tmp/mr.pgm" -o "$out/mr_ht_lossy.j2c" -qstep 0.005 >/dev/null
rm -r "$tmp"
