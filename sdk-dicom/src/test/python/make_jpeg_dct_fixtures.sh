#!/bin/sh
# DCT JPEG test files, from corpus images, covering what the corpus lacks: 12-bit extended sequential and
# progressive streams (dcmtk's encoder, Debian's dcmtk 3.6.7; its IJG 12-bit library), 8-bit baseline and
# progressive streams with every chroma subsampling dcmtk offers, and, made with libjpeg-turbo's tools (Debian's
# libjpeg-turbo-progs 2.1.5) and wrapped by dcmtk's img2dcm: restart intervals, a sequential frame coded in one
# scan per component, 4:4:0 (1x2) and 4:1:1 (4x1) sampling; and a baseline stream in a file labelled JPEG Lossless
# (pydicom rewrites the transfer syntax only). Their expected pixels come from make_pixel_oracle.py (dcmtk's
# dcmdjpeg, then pydicom).
#   sh sdk-dicom/src/test/python/make_jpeg_dct_fixtures.sh ../shared/testdata/dicom
set -eu
corpus=${1:-../shared/testdata/dicom}
out=$(dirname "$0")/../resources/jpeg-dct
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# 12-bit: decoded by Pulmo's own DCT decoder (the JDK's is 8-bit only)
dcmcjpeg +ee +bt "$corpus/MR_small.dcm" "$out/MR_small_ee12.dcm"
dcmcjpeg +ep +bt "$corpus/MR_small.dcm" "$out/MR_small_ep12.dcm"
dcmcjpeg +es +bt "$corpus/MR_small.dcm" "$out/MR_small_es12.dcm"
dcmcjpeg +ee +bt +q 50 "$corpus/CT_small.dcm" "$out/CT_small_ee12_q50.dcm"
dcmcjpeg +ee +bt "$corpus/dx_image.dcm" "$out/dx_image_ee12.dcm"
dcmcjpeg +ep +bt "$corpus/rtdose.dcm" "$out/rtdose_ep12.dcm"
dcmcjpeg +ee +bt "$corpus/ExplVR_BigEnd.dcm" "$out/ExplVR_BigEnd_ee12.dcm"

# 8-bit: decoded through the JDK's reader; Pulmo's decoder is held to the same numbers in JpegDctDecoderTest
dcmcjpeg +eb "$corpus/MR_small.dcm" "$out/MR_small_eb.dcm"
dcmcjpeg +ep "$corpus/dx_image.dcm" "$out/dx_image_ep.dcm"
dcmcjpeg +eb +s4 "$corpus/ExplVR_BigEnd.dcm" "$out/ExplVR_BigEnd_eb444.dcm"
dcmcjpeg +eb +n1 "$corpus/ExplVR_BigEnd.dcm" "$out/ExplVR_BigEnd_eb411.dcm"
dcmcjpeg +eb "$corpus/SC_rgb_small_odd.dcm" "$out/SC_rgb_small_odd_eb.dcm"

# libjpeg-turbo's tools on a PPM/PGM of a corpus image
/usr/bin/python3 - "$corpus" "$work" <<'PY'
import sys
import numpy
import pydicom
corpus, work = sys.argv[1], sys.argv[2]
rgb = pydicom.dcmread(corpus + "/ExplVR_BigEnd.dcm").pixel_array
with open(work + "/rgb.ppm", "wb") as f:
    f.write(b"P6\n%d %d\n255\n" % (rgb.shape[1], rgb.shape[0]) + numpy.ascontiguousarray(rgb, numpy.uint8).tobytes())
grey = pydicom.dcmread(corpus + "/CT_small.dcm").pixel_array.astype(numpy.float64)
grey = numpy.round((grey - grey.min()) * 255 / (grey.max() - grey.min())).astype(numpy.uint8)
with open(work + "/grey.pgm", "wb") as f:
    f.write(b"P5\n%d %d\n255\n" % (grey.shape[1], grey.shape[0]) + grey.tobytes())
PY
cat > "$work/scans.txt" <<'SCANS'
0: 0 63 0 0;
1: 0 63 0 0;
2: 0 63 0 0;
SCANS
cjpeg -quality 85 -restart 3 "$work/grey.pgm" > "$work/grey_restart.jpg"
cjpeg -quality 85 -sample 2x2 -restart 1 "$work/rgb.ppm" > "$work/rgb_restart.jpg"
cjpeg -quality 85 -sample 2x1 "$work/rgb.ppm" | jpegtran -scans "$work/scans.txt" > "$work/rgb_scans.jpg"
cjpeg -quality 85 -sample 1x2 "$work/rgb.ppm" > "$work/rgb_440.jpg"
cjpeg -quality 85 -sample 4x1 "$work/rgb.ppm" > "$work/rgb_411h.jpg"
for name in grey_restart rgb_restart rgb_scans rgb_440 rgb_411h; do
  img2dcm -i JPEG "$work/$name.jpg" "$out/$name.dcm"
done

# a baseline stream in a file labelled JPEG Lossless, First-Order Prediction
/usr/bin/python3 - "$out/MR_small_eb.dcm" "$out/MR_small_eb_labelled_lossless.dcm" <<'PY'
import sys
import pydicom
ds = pydicom.dcmread(sys.argv[1])
ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.70"
ds.save_as(sys.argv[2])
PY
