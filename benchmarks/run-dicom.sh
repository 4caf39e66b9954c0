#!/bin/sh
# DICOM header scan vs its peers, in one session: generates the gen_dicom.py CT folder (once), times pydicom and
# dcmtk (../shared/bench/dicom_peers.py; dcmdump through hyperfine when installed, else timed here) and the JMH
# DicomHeaderScanBenchmark on the same files, then prints Java / peer throughput ratios (> 1 means Java is faster).
#
#   benchmarks/run-dicom.sh [DATA_DIR]        (env: COUNT=2000 REPS=3 SHARED=../shared)
#
# Needs: mvn -pl sdk-dicom,benchmarks install (benchmarks/target/benchmarks.jar); /usr/bin/python3 with
# python3-pydicom python3-numpy, and dcmtk (Debian); hyperfine optional.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${SHARED:-$HERE/../../shared}
DATA=${1:-${TMPDIR:-/tmp}/pulmo-bench-dicom}
COUNT=${COUNT:-2000}
REPS=${REPS:-3}
PY=/usr/bin/python3
JAR=$HERE/target/benchmarks.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -pl sdk-dicom,benchmarks install -DskipTests" >&2; exit 2; }

if [ "$(find "$DATA/files" -name '*.dcm' 2>/dev/null | wc -l)" -ne "$COUNT" ]; then
  rm -rf "$DATA/files"
  "$PY" "$SHARED/bench/gen_dicom.py" --out "$DATA/files" --count "$COUNT"
fi
"$PY" "$SHARED/bench/dicom_peers.py" --dir "$DATA/files" --out "$DATA/peers.json" --reps "$REPS"
if ! command -v hyperfine > /dev/null; then
  # dicom_peers.py times dcmdump with hyperfine only; the same command, timed here without it
  "$PY" - "$DATA" "$REPS" <<'PYEOF'
import json, subprocess, sys, time
data, reps = sys.argv[1], int(sys.argv[2])
cmd = f"dcmdump -q +F +sb PixelData +sd +sp '*.dcm' {data}/files > /dev/null"
subprocess.run(cmd, shell=True, check=True)  # warm-up
times = []
for _ in range(reps):
    t0 = time.perf_counter(); subprocess.run(cmd, shell=True, check=True); times.append(time.perf_counter() - t0)
json.dump({"command": cmd, "reps_s": times}, open(f"{data}/dcmdump.json", "w"))
PYEOF
fi
java -Dpulmo.bench.dicom="$DATA/files" -jar "$JAR" DicomHeaderScanBenchmark -rf json -rff "$DATA/jmh.json"

"$PY" - "$DATA" <<'PYEOF'
import json, os, statistics, sys
data = sys.argv[1]
peers = json.load(open(f"{data}/peers.json"))
n = peers["meta"]["files"]
java = {r["benchmark"].rsplit(".", 1)[1]: 1e6 / r["primaryMetric"]["score"] for r in json.load(open(f"{data}/jmh.json"))}
rows = [("headerScan", "pydicom dcmread stop_before_pixels (lazy)", peers["pydicom"]["pydicom dcmread stop_before_pixels (lazy)"]["files_per_s"]["median"]),
        ("headerScanAllValues", "pydicom dcmread stop_before_pixels + all values",
         peers["pydicom"]["pydicom dcmread stop_before_pixels + all values"]["files_per_s"]["median"])]
dcmtk = peers.get("dcmtk", {}).get("dcmdump single process, +sb PixelData")
if dcmtk:
    rows.append(("headerScan", "dcmdump single process, +sb PixelData (hyperfine)", dcmtk["files_per_s"]["median"]))
elif os.path.exists(f"{data}/dcmdump.json"):
    d = json.load(open(f"{data}/dcmdump.json"))
    rows.append(("headerScan", "dcmdump single process, +sb PixelData", n / statistics.median(d["reps_s"])))
print(f"\n{n} files; throughput in files/s, same session")
print(f"{'Java benchmark':22} {'Java':>9} {'peer':>9} {'ratio':>7}  peer")
for jb, name, p in rows:
    j = java[jb]
    print(f"{jb:22} {j:9.0f} {p:9.0f} {j / p:7.1f}x  {name}")
PYEOF
