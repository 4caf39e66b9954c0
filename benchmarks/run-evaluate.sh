#!/bin/sh
# pulmo evaluate against pycocotools' COCOeval on the 5,000 images x 100 predictions case of
# ../shared/testdata/eval/bench_case.py, in one session: makes the case (once), then, in alternating rounds, times the
# whole process of each: pycocotools (`bench_case.py CASE --time-one TYPE`: a fresh Python, COCO(gt), loadRes,
# evaluate + accumulate + summarize) and `pulmo evaluate --coco-gt` (a fresh JVM through ./pulmo: reading both files,
# evaluate + accumulate + summarize, per-modality summaries, JSON report written); wall and CPU time (user + system)
# of each child process, REPEAT rounds per iouType; checks that both give the same 12 stats; optionally runs the JMH
# CocoEvalBenchmark (evaluate + accumulate + summarize, and loading, in a warm JVM); prints pycocotools / pulmo ratios
# (> 1: pulmo is faster).
#
# pycocotools is timed side by side when /usr/bin/python3 can import it, from PYCOCOTOOLS (a folder holding the
# pycocotools package, e.g. a PythonAPI folder built in place with Debian's cython3) or from the system. It is not
# in Debian and PyPI is not used here: without it the ratios use the baseline measured on this machine kind in
# ../shared/testdata/eval/README.md, and the output says so.
#
#   benchmarks/run-evaluate.sh [CASE_DIR]        (env: REPEAT=3 SHARED=../shared JMH=0 PYCOCOTOOLS=DIR)
#
# Run it under the machine-wide lock: flock /tmp/bench.lock benchmarks/run-evaluate.sh
# Needs: mvn -B -pl sdk-cli,benchmarks -am install -DskipTests (sdk-cli/target/pulmo.jar, and
# benchmarks/target/benchmarks.jar for JMH=1); /usr/bin/python3 with numpy (Debian python3-numpy) to make the case
# (about 3-13 minutes, once).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
CASE=${1:-${TMPDIR:-/tmp}/pulmo-bench-evaluate}
REPEAT=${REPEAT:-3}
JMH=${JMH:-0}
PY=/usr/bin/python3
PULMO=$ROOT/pulmo
BENCH=$ROOT/benchmarks/target/benchmarks.jar
[ -f "$ROOT/sdk-cli/target/pulmo.jar" ] || { echo "build first: mvn -B -pl sdk-cli,benchmarks -am install -DskipTests" >&2; exit 2; }
if [ "$JMH" = 1 ] && [ ! -f "$BENCH" ]; then
  echo "JMH=1 needs benchmarks/target/benchmarks.jar: mvn -B -pl benchmarks -am install -DskipTests" >&2
  exit 2
fi
if [ -n "${PYCOCOTOOLS:-}" ]; then
  PYTHONPATH="$PYCOCOTOOLS${PYTHONPATH:+:$PYTHONPATH}"
  export PYTHONPATH
fi

"$PY" "$SHARED/testdata/eval/bench_case.py" "$CASE"
OUT=$CASE/runs
mkdir -p "$OUT"
"$PULMO" --version >/dev/null # builds the tool when stale, and makes its class-data archive, outside the timing

PEER=baseline
if "$PY" -c "import pycocotools.coco, pycocotools.cocoeval" 2>/dev/null; then
  PEER=measured
fi

"$PY" - "$PULMO" "$SHARED/testdata/eval/bench_case.py" "$CASE" "$OUT" "$REPEAT" "$PEER" <<'PYEOF'
import json, resource, subprocess, sys, time
pulmo, bench_case, case, out, repeat, peer = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6]

def timed(command, **kw):
    """Wall and CPU time (user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    done = subprocess.run(command, check=True, **kw)
    wall = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return done, wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

runs = {"pulmo": {"bbox": [], "segm": []}, "pycocotools": {"bbox": [], "segm": []}}
for i in range(repeat):
    for kind in ("bbox", "segm"):  # alternating: pycocotools, pulmo, pycocotools, pulmo, ...
        if peer == "measured":
            done, wall, cpu = timed([sys.executable, bench_case, case, "--time-one", kind], capture_output=True, text=True)
            inner = json.loads(done.stdout)
            runs["pycocotools"][kind].append({"wall": wall, "cpu": cpu, "inner": inner})
            print(f"pycocotools {kind}, round {i + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU "
                  f"(evaluate+accumulate+summarize {inner['eval_acc_sum']:.2f} s)", file=sys.stderr)
        report = f"{out}/{kind}.json"
        _, wall, cpu = timed([pulmo, "evaluate", "--coco-gt", f"{case}/gt.json", "--predictions", f"{case}/pred-{kind}.json",
                              "--iou-type", kind, "--format", "json", "--out", report], stdout=subprocess.DEVNULL)
        runs["pulmo"][kind].append({"wall": wall, "cpu": cpu})
        print(f"pulmo evaluate --iou-type {kind}, round {i + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU", file=sys.stderr)
        if peer == "measured":
            ours = json.load(open(report))["coco"]["stats"]
            theirs = runs["pycocotools"][kind][-1]["inner"]["stats"]
            if any(abs(a - b) > 1e-12 for a, b in zip(ours, theirs)) or len(ours) != len(theirs):
                sys.exit(f"{kind}: pulmo's stats {ours} differ from pycocotools' {theirs}")
json.dump(runs, open(f"{out}/process.json", "w"))
PYEOF

if [ "$JMH" = 1 ]; then
  java -Dpulmo.bench.eval="$CASE" -jar "$BENCH" CocoEvalBenchmark -rf json -rff "$OUT/jmh.json" >&2
fi

"$PY" - "$OUT" "$PEER" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" <<'PYEOF'
import json, os, statistics, sys
out, peer, cores, load = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
proc = json.load(open(f"{out}/process.json"))
med = statistics.median
if peer == "measured":
    print("pycocotools timed side by side in this run (alternating rounds, fresh processes); stats equal to 1e-12")
    base = {k: {"wall": med(r["wall"] for r in proc["pycocotools"][k]), "cpu": med(r["cpu"] for r in proc["pycocotools"][k]),
                "eval": med(r["inner"]["eval_acc_sum"] for r in proc["pycocotools"][k]),
                "load": med(r["inner"]["load_gt"] + r["inner"]["load_res"] for r in proc["pycocotools"][k])} for k in ("bbox", "segm")}
else:
    # ../shared/testdata/eval/README.md, "Baseline": pycocotools 2.0.11, median of 3, same machine kind, idle; one thread
    print("pycocotools is not importable here: its figures are the baseline of ../shared/testdata/eval/README.md "
          "(2-vCPU AMD EPYC, idle, another session; loading + evaluate, without the interpreter's start)")
    base = {"bbox": {"eval": 18.3, "load": 2.35}, "segm": {"eval": 23.7, "load": 5.05}}
    for k in base:
        base[k]["wall"] = base[k]["cpu"] = base[k]["eval"] + base[k]["load"]
print(f"this run: {cores} cores, load average {load} at the end\n")
jmh = {}
if os.path.exists(f"{out}/jmh.json"):
    for r in json.load(open(f"{out}/jmh.json")):
        jmh[(r["params"]["iouType"], r["benchmark"].rsplit(".", 1)[1])] = r["primaryMetric"]["score"] / 1000
print(f"{'iouType':8} {'what':56} {'pycocotools s':>13} {'pulmo s':>9} {'ratio':>7}")
for kind in ("bbox", "segm"):
    wall = med(r["wall"] for r in proc["pulmo"][kind])
    cpu = med(r["cpu"] for r in proc["pulmo"][kind])
    print(f"{kind:8} {'whole process, median wall':56} {base[kind]['wall']:13.2f} {wall:9.2f} {base[kind]['wall'] / wall:7.1f}")
    print(f"{kind:8} {'whole process, median CPU (user + system)':56} {base[kind]['cpu']:13.2f} {cpu:9.2f} {base[kind]['cpu'] / cpu:7.1f}")
    if (kind, "evaluateAccumulateSummarize") in jmh:
        e = jmh[(kind, "evaluateAccumulateSummarize")]
        print(f"{kind:8} {'evaluate + accumulate + summarize (JMH, warm)':56} {base[kind]['eval']:13.2f} {e:9.2f} {base[kind]['eval'] / e:7.1f}")
        l = jmh[(kind, "load")]
        print(f"{kind:8} {'COCO(gt) + loadRes (JMH, warm)':56} {base[kind]['load']:13.2f} {l:9.2f} {base[kind]['load'] / l:7.1f}")
PYEOF
