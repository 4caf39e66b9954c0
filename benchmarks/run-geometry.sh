#!/bin/sh
# Geometry engine vs its peers, in one session: generates small gen_masks.py corpora, times the peers
# (../shared/bench/peers.py: OpenCV, shapely, pycocotools when importable) and the JMH GeometryBenchmark on the
# same masks, interleaved REPEAT times, then prints Java / peer ratios (< 1 means Java is faster).
#
#   benchmarks/run-geometry.sh [DATA_DIR]        (env: CT=200 XRAY=10 REPEAT=1 SHARED=../shared)
#
# Needs: mvn -pl sdk-geometry,benchmarks install (benchmarks/target/benchmarks.jar); /usr/bin/python3 with
# python3-opencv python3-numpy python3-scipy python3-skimage python3-shapely python3-rasterio (Debian).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${SHARED:-$HERE/../../shared}
DATA=${1:-${TMPDIR:-/tmp}/pulmo-bench-geometry}
CT=${CT:-200}
XRAY=${XRAY:-10}
REPEAT=${REPEAT:-1}
PY=/usr/bin/python3
JAR=$HERE/target/benchmarks.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -pl sdk-geometry,benchmarks install -DskipTests" >&2; exit 2; }

mkdir -p "$DATA"
"$PY" "$SHARED/bench/gen_masks.py" --out "$DATA" --only ct512,xray2048 --ct "$CT" --xray "$XRAY"
OPS="findContours SIMPLE + contourArea,fillPoly,pycocotools,shapely union,shapely difference"
i=1
while [ "$i" -le "$REPEAT" ]; do
  "$PY" "$SHARED/bench/peers.py" --data "$DATA" --corpora ct512,xray2048 --ops "$OPS" --reps 3 \
      --out "$DATA/peers-$i.json" --no-oracles-file
  java -Dpulmo.bench.data="$DATA" -jar "$JAR" GeometryBenchmark -f 1 -wi 4 -i 3 -w 2s -r 2s \
      -rf json -rff "$DATA/jmh-$i.json"
  i=$((i + 1))
done

"$PY" - "$DATA" "$REPEAT" <<'PYEOF'
import json, sys, statistics
data, repeat = sys.argv[1], int(sys.argv[2])
PAIRS = [  # (Java benchmark, peer operation in peers.py)
    ("trace", "cv2 findContours SIMPLE + contourArea + boundingRect"),
    ("rasterize", "cv2.fillPoly (all SIMPLE contours, new buffer)"),
    ("rasterize", "pycocotools frPyObjects+merge+decode"),
    ("rasterizeKnownValid", "cv2.fillPoly (all SIMPLE contours, new buffer)"),
    ("rasterizeKnownValid", "pycocotools frPyObjects+merge+decode"),
    ("rasterizeLikePycocotools", "pycocotools frPyObjects+merge+decode"),
    ("rleEncode", "pycocotools encode (Fortran input)"),
    ("rleDecode", "pycocotools decode"),
    ("add", "shapely union"),
    ("subtract", "shapely difference"),
]
# BASELINES.md (2026-11-24, same machine kind, other session): pycocotools is not installable here.
BASELINE = {("ct512", "pycocotools frPyObjects+merge+decode"): 342, ("xray2048", "pycocotools frPyObjects+merge+decode"): 4206,
            ("ct512", "pycocotools encode (Fortran input)"): 206, ("xray2048", "pycocotools encode (Fortran input)"): 3397,
            ("ct512", "pycocotools decode"): 321, ("xray2048", "pycocotools decode"): 3969}
java, peer = {}, {}
for i in range(1, repeat + 1):
    for r in json.load(open(f"{data}/jmh-{i}.json")):
        java.setdefault((r["params"]["corpus"], r["benchmark"].rsplit(".", 1)[1]), []).append(r["primaryMetric"]["score"])
    for corpus, res in json.load(open(f"{data}/peers-{i}.json"))["corpora"].items():
        for op, v in res["ops"].items():
            peer.setdefault((corpus, op), []).append(v["us_per_mask"]["median"])
print(f"\n{'corpus':9} {'Java op':25} {'Java µs':>9} {'peer µs':>9} {'ratio':>6}  peer")
for corpus in ("ct512", "xray2048"):
    for jop, pop in PAIRS:
        if (corpus, jop) not in java:
            continue
        j = statistics.median(java[(corpus, jop)])
        if (corpus, pop) in peer:
            p, note = statistics.median(peer[(corpus, pop)]), "same session"
        elif (corpus, pop) in BASELINE:
            p, note = BASELINE[(corpus, pop)], "BASELINES.md, other session"
        else:
            continue
        print(f"{corpus:9} {jop:25} {j:9.1f} {p:9.1f} {j / p:6.2f}  {pop} ({note})")
PYEOF
