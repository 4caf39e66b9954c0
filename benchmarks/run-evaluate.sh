#!/bin/sh
# pulmo evaluate against pycocotools' COCOeval on the 5,000 images x 100 predictions case of
# ../shared/testdata/eval/bench_case.py, in one session: makes the case (once), times the whole `pulmo evaluate
# --coco-gt` process (JVM start, reading both files, evaluate + accumulate + summarize, JSON report written) REPEAT
# times per iouType, runs the JMH CocoEvalBenchmark (evaluate + accumulate + summarize, and loading, in a warm JVM),
# and prints pycocotools / pulmo ratios (> 1: pulmo is faster).
#
# pycocotools is timed here, in the same session, when /usr/bin/python3 can import it; otherwise (it is not in
# Debian and PyPI is not reachable on the project's machines) the ratios use the baseline measured on this machine
# kind in ../shared/testdata/eval/README.md, and the output says so.
#
#   benchmarks/run-evaluate.sh [CASE_DIR]        (env: REPEAT=3 SHARED=../shared JMH=1)
#
# Needs: mvn -B -pl sdk-cli,benchmarks -am install -DskipTests (sdk-cli/target/pulmo.jar, benchmarks/target/benchmarks.jar);
# /usr/bin/python3 with numpy (Debian python3-numpy) to make the case (about 3-6 minutes, once).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
CASE=${1:-${TMPDIR:-/tmp}/pulmo-bench-evaluate}
REPEAT=${REPEAT:-3}
JMH=${JMH:-1}
PY=/usr/bin/python3
PULMO=$ROOT/pulmo
BENCH=$ROOT/benchmarks/target/benchmarks.jar
[ -f "$ROOT/sdk-cli/target/pulmo.jar" ] && [ -f "$BENCH" ] || { echo "build first: mvn -B -pl sdk-cli,benchmarks -am install -DskipTests" >&2; exit 2; }

[ -f "$CASE/.done" ] || "$PY" "$SHARED/testdata/eval/bench_case.py" "$CASE"
OUT=$CASE/runs
mkdir -p "$OUT"

PEER=baseline
if "$PY" -c "import pycocotools" 2>/dev/null; then
  "$PY" "$SHARED/testdata/eval/bench_case.py" "$CASE" --time --repeat "$REPEAT" > "$OUT/pycocotools.txt"
  PEER=measured
fi

# Whole process, each run a fresh JVM; wall and CPU (user + system) of the child.
"$PY" - "$PULMO" "$CASE" "$OUT" "$REPEAT" <<'PYEOF'
import json, os, resource, subprocess, sys, time
pulmo, case, out, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
runs = {}
for kind in ("bbox", "segm"):
    runs[kind] = []
    for i in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.monotonic()
        subprocess.run([pulmo, "evaluate", "--coco-gt", f"{case}/gt.json", "--predictions",
                        f"{case}/pred-{kind}.json", "--iou-type", kind, "--format", "json", "--out", f"{out}/{kind}.json"],
                       check=True, stdout=subprocess.DEVNULL)
        wall = time.monotonic() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        runs[kind].append({"wall": wall, "cpu": cpu})
        print(f"pulmo evaluate --iou-type {kind}, run {i + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU", file=sys.stderr)
json.dump(runs, open(f"{out}/process.json", "w"))
PYEOF

if [ "$JMH" = 1 ]; then
  java -Dpulmo.bench.eval="$CASE" -jar "$BENCH" CocoEvalBenchmark -rf json -rff "$OUT/jmh.json" >&2
fi

"$PY" - "$OUT" "$PEER" "$(nproc)" "$(cat /proc/loadavg | cut -d' ' -f1)" <<'PYEOF'
import json, os, statistics, sys
out, peer, cores, load = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
# ../shared/testdata/eval/README.md, "Baseline": pycocotools 2.0.11, median of 3 fresh processes, same machine kind.
BASE = {"bbox": {"eval": 18.3, "load": 0.05 + 2.3}, "segm": {"eval": 23.7, "load": 0.05 + 5.0}}
if peer == "measured":
    timed = json.load(open(f"{out}/pycocotools.txt"))
    BASE = {k: {"eval": timed[k]["eval_acc_sum"], "load": timed[k]["load_gt"] + timed[k]["load_res"]} for k in ("bbox", "segm")}
    print("pycocotools timed in this session (median of fresh processes)")
else:
    print("pycocotools is not importable here: its figures are the baseline of ../shared/testdata/eval/README.md "
          "(2-vCPU AMD EPYC, idle, other session)")
print(f"this session: {cores} cores, load average {load} at the end\n")
proc = json.load(open(f"{out}/process.json"))
jmh = {}
if os.path.exists(f"{out}/jmh.json"):
    for r in json.load(open(f"{out}/jmh.json")):
        jmh[(r["params"]["iouType"], r["benchmark"].rsplit(".", 1)[1])] = r["primaryMetric"]["score"] / 1000
print(f"{'iouType':8} {'what':52} {'pycocotools s':>13} {'pulmo s':>9} {'ratio':>7}")
for kind in ("bbox", "segm"):
    whole = statistics.median(r["wall"] for r in proc[kind])
    cpu = statistics.median(r["cpu"] for r in proc[kind])
    base_whole = BASE[kind]["eval"] + BASE[kind]["load"]
    print(f"{kind:8} {'whole process (load + evaluate), median wall':52} {base_whole:13.1f} {whole:9.2f} {base_whole / whole:7.1f}")
    print(f"{kind:8} {'whole process, median CPU (pycocotools: 1 thread)':52} {base_whole:13.1f} {cpu:9.2f} {base_whole / cpu:7.1f}")
    if (kind, "evaluateAccumulateSummarize") in jmh:
        e = jmh[(kind, "evaluateAccumulateSummarize")]
        print(f"{kind:8} {'evaluate + accumulate + summarize (JMH, warm)':52} {BASE[kind]['eval']:13.1f} {e:9.2f} {BASE[kind]['eval'] / e:7.1f}")
        l = jmh[(kind, "load")]
        print(f"{kind:8} {'COCO(gt) + loadRes (JMH, warm)':52} {BASE[kind]['load']:13.2f} {l:9.2f} {BASE[kind]['load'] / l:7.1f}")
PYEOF
