#!/bin/sh
# JPEG 2000 decode: sdk-dicom vs jai-imageio-jpeg2000 (JMH, Jpeg2000DecodeBenchmark) vs OpenJPEG
# (opj_decompress -threads 1 over REPS runs, minus its start-up measured on a 16x16 stream), wall and CPU time
# (Jpeg2000CpuTime: the decoding thread's CPU clock; OpenJPEG: user + system of its processes), and HTJ2K:
# sdk-dicom (Htj2kDecodeBenchmark) vs OpenJPH's ojph_expand (its own clock, mean of REPS runs). ROUNDS rounds, interleaved, in one
# session; prints each round, then the medians and the ratios. With BASE_JAR (the benchmarks.jar of another
# build, e.g. an older commit), each round also times that build's single-thread sdk-dicom decode ("base").
#
#   benchmarks/run-j2k.sh [DATA_DIR] [JMH options...]     (env: REPS=10 ROUNDS=3 SHARED=../shared
#                                                          JAR=benchmarks/target/benchmarks.jar BASE_JAR=)
#
# Needs: mvn -B -pl sdk-dicom,benchmarks -am install -DskipTests; Debian's libopenjp2-tools, openjph-tools,
# python3-pydicom, python3-numpy.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${SHARED:-$HERE/../../shared}
DATA=${1:-${TMPDIR:-/tmp}/pulmo-bench-j2k}
[ $# -gt 0 ] && shift
REPS=${REPS:-10}
ROUNDS=${ROUNDS:-3}
JAR=${JAR:-$HERE/target/benchmarks.jar}
BASE_JAR=${BASE_JAR:-}
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
# HTJ2K: the same frames, reversible, OpenJPH's defaults; the CT as unsigned 16-bit samples (HU + 1024, from
# OpenJPEG's decode): ojph_compress 0.9 misreads signed raw input
opj_decompress -i "$DATA/ct512.j2k" -o "$DATA/ct512.rawl" >/dev/null
python3 -c "import numpy, sys; a = numpy.fromfile(sys.argv[1], '<i2').astype(numpy.int32) + 1024
open(sys.argv[2], 'wb').write(b'P5\n512 512\n65535\n' + a.astype('>u2').tobytes())" "$DATA/ct512.rawl" "$DATA/ct512.pgm"
ojph_compress -i "$DATA/ct512.pgm" -o "$DATA/ct512.j2c" -reversible true >/dev/null
ojph_compress -i "$DATA/cr2048.pgm" -o "$DATA/cr2048.j2c" -reversible true >/dev/null
# milliseconds per run of opj_decompress -threads 1 on $1, REPS runs: wall, then CPU (user + system of the children)
ms() { python3 -c "import resource,time,subprocess,sys
f, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
cpu = lambda: (lambda r: r.ru_utime + r.ru_stime)(resource.getrusage(resource.RUSAGE_CHILDREN))
t, c = time.perf_counter(), cpu()
for _ in range(n): subprocess.run(['opj_decompress','-threads','1','-i',f,'-o',out], capture_output=True, check=True)
print((time.perf_counter()-t)*1000/n, (cpu()-c)*1000/n)" "$1" "$REPS" "$DATA/out.raw"; }
# milliseconds per run of ojph_expand on $1 by its own clock ("Elapsed time", reading, decoding and writing, no
# process start-up: a 5 ms decode is below the noise of a start-up difference), mean of REPS runs
ojph_ms() { python3 -c "import re,subprocess,sys
f, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
t = [float(re.search(r'Elapsed time = ([0-9.]+)', subprocess.run(['ojph_expand','-i',f,'-o',out],
     capture_output=True, check=True, text=True).stdout).group(1)) for _ in range(n)]
print(sum(t) * 1000 / n)" "$1" "$REPS" "$DATA/out.yuv"; }
: > "$DATA/native.txt"
round=1
while [ "$round" -le "$ROUNDS" ]; do
  START=$(ms "$DATA/tiny.j2k")
  for f in ct512 cr2048; do
    T=$(ms "$DATA/$f.j2k")
    python3 -c "import sys; t, s = [float(v) for v in sys.argv[1].split()], [float(v) for v in sys.argv[2].split()]
print('round $round opj $f %.1f ms/frame (start-up %.1f ms taken off)' % (t[0] - s[0], s[0]))
print('round $round cpu-opj $f %.1f ms/frame (CPU, start-up %.1f ms taken off)' % (t[1] - s[1], s[1]))" "$T" "$START" \
        | tee -a "$DATA/native.txt"
    T=$(ojph_ms "$DATA/$f.j2c")
    echo "round $round ojph $f $T ms/frame (its own clock)" | tee -a "$DATA/native.txt"
  done
  java -jar "$JAR" 'Jpeg2000DecodeBenchmark|Htj2kDecodeBenchmark' -jvmArgs "-Dpulmo.j2k.dir=$DATA" \
      -rf json -rff "$DATA/jmh-$round.json" "$@"
  java -Dpulmo.j2k.parallel=false -Dpulmo.j2k.dir="$DATA" -cp "$JAR" dev.pulmo.benchmarks.Jpeg2000CpuTime 1 \
      | sed "s/^round 1 /round $round /" | tee -a "$DATA/native.txt"
  rm -f "$DATA/jmh-base-$round.json"
  if [ -n "$BASE_JAR" ]; then
    java -jar "$BASE_JAR" 'Jpeg2000DecodeBenchmark.pulmo$' -jvmArgs "-Dpulmo.j2k.dir=$DATA" \
        -rf json -rff "$DATA/jmh-base-$round.json" "$@"
  fi
  round=$((round + 1))
done
python3 - "$DATA" "$ROUNDS" <<'PY'
import json, os, re, statistics, sys
data, rounds = sys.argv[1], int(sys.argv[2])
runs = {}
for line in open(data + "/native.txt"):
    m = re.match(r"round \d+ ([\w-]+) (\w+) (-?[\d.]+)", line)
    runs.setdefault((m.group(1), m.group(2)), []).append(float(m.group(3)))
for r in range(1, rounds + 1):
    for prefix, path in (("", "%s/jmh-%d.json" % (data, r)), ("base-", "%s/jmh-base-%d.json" % (data, r))):
        if not os.path.exists(path):
            continue
        for b in json.load(open(path)):
            name = b["benchmark"].rsplit(".", 2)
            kind = prefix + ("ht-" if name[-2].startswith("Htj2k") else "")
            runs.setdefault((kind + name[-1], b["params"]["input"]), []).append(b["primaryMetric"]["score"])
med = {k: statistics.median(v) for k, v in runs.items()}
print("\nmedians over %d rounds (ms/frame; each value: %s)" % (rounds, "one JMH run or one REPS loop"))
for k in sorted(runs):
    print("  %-20s %-7s %8.1f   %s" % (k[0], k[1], med[k], " ".join("%.1f" % v for v in runs[k])))
for f in ("ct512", "cr2048"):
    p, j, o = med.get(("pulmo", f)), med.get(("jaiImageio", f)), med.get(("opj", f))
    pp, h, oh = med.get(("pulmoParallel", f)), med.get(("ht-pulmo", f)), med.get(("ojph", f))
    print("%s: jai-imageio / sdk-dicom = %.2f (goal >= 3); sdk-dicom / OpenJPEG = %.2f (goal <= 1.5);"
          " parallel: jai / sdk = %.2f, sdk / OpenJPEG = %.2f; HTJ2K sdk-dicom / ojph_expand = %.2f"
          % (f, j / p, p / o, j / pp, pp / o, h / oh))
    cp, cj, co = med.get(("cpu-pulmo", f)), med.get(("cpu-jaiImageio", f)), med.get(("cpu-opj", f))
    if cp and cj and co:
        print("%s: CPU time (user + system, one thread): sdk-dicom %.1f ms, jai-imageio %.1f ms, OpenJPEG %.1f ms;"
              " jai-imageio / sdk-dicom = %.2f, sdk-dicom / OpenJPEG = %.2f" % (f, cp, cj, co, cj / cp, cp / co))
    if ("base-pulmo", f) in med:
        b = med[("base-pulmo", f)]
        print("%s: base build %.1f ms, this build %.1f ms: %.2fx faster; base: jai / sdk = %.2f, sdk / OpenJPEG = %.2f"
              % (f, b, p, b / p, j / b, b / o))
PY
