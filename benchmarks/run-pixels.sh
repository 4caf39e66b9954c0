#!/bin/sh
# DCT JPEG decoding and `pulmo pixels` against peers, in one session. Makes a folder of 512 x 512 CT slices
# (../shared/bench/gen_dicom.py) coded as 12-bit extended JPEG by dcmtk's dcmcjpeg (+ee +bt), and one slice as 8-bit
# baseline; runs the JMH JpegDecodeBenchmark (ours vs the JDK's ImageIO for 8-bit); then times whole processes on
# the 12-bit folder: `pulmo pixels FILES --out DIR` against pixels_peer.py (pydicom + GDCM + numpy.save), REPS times
# each, and prints peer time / pulmo time (> 1 means pulmo is faster).
#
#   benchmarks/run-pixels.sh [DATA_DIR]        (env: COUNT=200 REPS=3 SHARED=../shared)
#
# Needs: mvn -pl sdk-cli,benchmarks -am install (benchmarks/target/benchmarks.jar, sdk-cli/target/pulmo.jar);
# /usr/bin/python3 with python3-pydicom python3-numpy python3-gdcm; dcmtk.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${SHARED:-$HERE/../../shared}
DATA=${1:-${TMPDIR:-/tmp}/pulmo-bench-pixels}
COUNT=${COUNT:-200}
REPS=${REPS:-3}
PY=/usr/bin/python3
JAR=$HERE/target/benchmarks.jar
PULMO=$HERE/../pulmo
[ -f "$JAR" ] && [ -f "$PULMO" ] || { echo "build first: mvn -B -pl sdk-cli,benchmarks -am install -DskipTests" >&2; exit 2; }

if [ "$(find "$DATA/jpeg12" -name '*.dcm' 2>/dev/null | wc -l)" -ne "$COUNT" ]; then
  rm -rf "$DATA/native" "$DATA/jpeg12"
  mkdir -p "$DATA/jpeg12"
  "$PY" "$SHARED/bench/gen_dicom.py" --out "$DATA/native" --count "$COUNT" > /dev/null
  for f in "$DATA"/native/*.dcm; do
    dcmcjpeg +ee +bt "$f" "$DATA/jpeg12/$(basename "$f")"
  done
  first=$(ls "$DATA"/native/*.dcm | head -1)
  dcmcjpeg +eb "$first" "$DATA/baseline8.dcm"
  cp "$DATA/jpeg12/$(basename "$first")" "$DATA/extended12.dcm"
fi

java -Dpulmo.bench.jpeg="$DATA" -jar "$JAR" JpegDecodeBenchmark -rf json -rff "$DATA/jmh.json"

"$PY" - "$DATA" "$REPS" "$PULMO" "$HERE/pixels_peer.py" <<'PYEOF'
import glob, json, shutil, statistics, subprocess, sys, time
data, reps, pulmo, peer = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
files = sorted(glob.glob(f"{data}/jpeg12/*.dcm"))
def timed(cmd, out):
    times = []
    for _ in range(reps + 1):  # the first run warms the page cache
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.perf_counter(); subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL); times.append(time.perf_counter() - t0)
    return statistics.median(times[1:])
ours = timed([pulmo, "pixels", *files, "--out", f"{data}/out-pulmo"], f"{data}/out-pulmo")
theirs = timed(["/usr/bin/python3", peer, f"{data}/jpeg12", f"{data}/out-peer"], f"{data}/out-peer")
jmh = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["score"] for r in json.load(open(f"{data}/jmh.json"))}
print(f"\nJMH, one 512x512 frame, microseconds (lower is better), same session")
for k in ("baseline8Ours", "baseline8JdkImageIo", "extended12Ours"):
    print(f"  {k:22} {jmh[k]:9.0f}")
print(f"  JDK ImageIO / ours, 8-bit baseline: {jmh['baseline8JdkImageIo'] / jmh['baseline8Ours']:.2f} (> 1: ours faster)")
print(f"\nwhole process, {len(files)} 12-bit JPEG CT slices to .npy, median of {reps} runs")
print(f"  pulmo pixels                      {ours:7.2f} s")
print(f"  pydicom + GDCM + numpy.save       {theirs:7.2f} s")
print(f"  peer / pulmo: {theirs / ours:.2f} (> 1: pulmo faster)")
PYEOF
