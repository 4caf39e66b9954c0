#!/bin/sh
# JPEG 2000 decode: sdk-dicom vs jai-imageio-jpeg2000 (JMH, Jpeg2000DecodeBenchmark) vs OpenJPEG
# (opj_decompress -threads 1 over REPS runs, minus its start-up measured on a 16x16 stream), one session.
#
#   benchmarks/run-j2k.sh [DATA_DIR]      (env: REPS=10 SHARED=../shared)
#
# Needs: mvn -B -pl sdk-dicom,benchmarks -am install -DskipTests; Debian's libopenjp2-tools, python3-pydicom,
# python3-numpy.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${SHARED:-$HERE/../../shared}
DATA=${1:-${TMPDIR:-/tmp}/pulmo-bench-j2k}
REPS=${REPS:-10}
JAR=$HERE/target/benchmarks.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -pl sdk-dicom,benchmarks -am install -DskipTests" >&2; exit 2; }
mkdir -p "$DATA"
/usr/bin/python3 - "$SHARED/testdata/dicom" "$DATA" <<'PY'
import sys, pydicom, numpy
from pydicom.encaps import generate_pixel_data_frame
corpus, out = sys.argv[1], sys.argv[2]
ct = pydicom.dcmread(corpus + "/explicit_VR-UN.dcm")
open(out + "/ct512.j2k", "wb").write(next(generate_pixel_data_frame(ct.PixelData, 1)))
a = pydicom.dcmread(corpus + "/examples_overlay.dcm").pixel_array.astype(numpy.uint16)
big = numpy.tile(a, (7, 5))[:2048, :2048]
open(out + "/cr2048.pgm", "wb").write(b"P5\n2048 2048\n4095\n" + big.astype(">u2").tobytes())
open(out + "/tiny.pgm", "wb").write(b"P5\n16 16\n255\n" + bytes(256))
PY
opj_compress -i "$DATA/cr2048.pgm" -o "$DATA/cr2048.j2k" >/dev/null
opj_compress -i "$DATA/tiny.pgm" -o "$DATA/tiny.j2k" -n 2 >/dev/null
ms() { python3 -c "import time,subprocess,sys
f=sys.argv[1]; n=int(sys.argv[2]); t=time.perf_counter()
for _ in range(n): subprocess.run(['opj_decompress','-threads','1','-i',f,'-o',sys.argv[3]],capture_output=True)
print((time.perf_counter()-t)*1000/n)" "$1" "$REPS" "$DATA/out.raw"; }
START=$(ms "$DATA/tiny.j2k")
for f in ct512 cr2048; do
  T=$(ms "$DATA/$f.j2k")
  python3 -c "print('opj_decompress $f: %.1f ms/frame (start-up %.1f ms taken off)' % ($T - $START, $START))"
done
java -Dpulmo.j2k.dir="$DATA" -jar "$JAR" Jpeg2000DecodeBenchmark -jvmArgs -Dpulmo.j2k.dir="$DATA" "$@"
