#!/bin/sh
# The validation report at 100,000 findings in headless Chromium: the load time a person waits for. In alternating
# rounds, times Chromium loading the report to its final DOM (--dump-dom: the load event and the script-free page's
# layout) and, as the peer measured side by side, Chromium loading an empty page (its start-up and shut-down); the
# difference is the report's own load time. Wall and CPU time (user + system, Chromium's child processes included) of
# each run; prints the medians and the report / empty ratio.
#
#   benchmarks/run-html-report.sh [REPORT.html]     (env: REPEAT=5)
#
# REPORT.html defaults to the page ValidationHtmlReportChromiumTest writes (250 series x 40 images x 10 findings):
#   mvn -B -pl sdk-dataset surefire:test -Dtest=ValidationHtmlReportChromiumTest
# Run it under the machine-wide lock, at normal priority: flock /tmp/bench.lock benchmarks/run-html-report.sh
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
REPORT=$(realpath "${1:-$ROOT/sdk-dataset/target/validation-report/report-100000.html}")
REPEAT=${REPEAT:-5}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -f "$REPORT" ] || { echo "no report $REPORT: run ValidationHtmlReportChromiumTest first" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pulmo-bench-html.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
printf '<!DOCTYPE html><html><body><p>empty</p></body></html>\n' > "$WORK/empty.html"
run() { # $1 = page; prints "wall user sys"
  profile=$(mktemp -d "$WORK/profile.XXXXXX")
  /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
    --dump-dom "file://$1" > "$WORK/dom" 2>/dev/null
  rm -rf "$profile"
  cat "$WORK/time"
}
: > "$WORK/report.times"
: > "$WORK/empty.times"
i=0
while [ "$i" -lt "$REPEAT" ]; do
  run "$REPORT" >> "$WORK/report.times"
  run "$WORK/empty.html" >> "$WORK/empty.times"
  i=$((i + 1))
done
grep -c '<li class="finding ' "$WORK/dom" > /dev/null 2>&1 || true
echo "report: $REPORT ($(($(stat -c %s "$REPORT") / 1048576)) MB), $REPEAT alternating rounds"
python3 - "$WORK/report.times" "$WORK/empty.times" <<'PY'
import statistics, sys
def load(path):
    rows = [list(map(float, l.split())) for l in open(path) if l.strip()]
    return [r[0] for r in rows], [r[1] + r[2] for r in rows]
rw, rc = load(sys.argv[1])
ew, ec = load(sys.argv[2])
m = statistics.median
print(f"report page: wall median {m(rw):.2f} s (rounds {', '.join(f'{x:.2f}' for x in rw)}), CPU (user+sys) median {m(rc):.2f} s")
print(f"empty page:  wall median {m(ew):.2f} s (rounds {', '.join(f'{x:.2f}' for x in ew)}), CPU (user+sys) median {m(ec):.2f} s")
print(f"the report's own load time (report - empty): wall {m(rw) - m(ew):.2f} s, CPU {m(rc) - m(ec):.2f} s;"
      f" ratio report / empty: wall {m(rw) / m(ew):.2f}, CPU {m(rc) / m(ec):.2f}")
PY
