#!/bin/sh
# The main job and the tree-wide commands, whole process (JVM start included), side by side with their peers in the same
# rounds, interleaved; prints every run and then medians and ratios (benchmarks/README.md holds a run's figures).
#
#   benchmarks/run-main-job.sh TREE WORK [ROUNDS]
#
# TREE: a generated guideline tree, e.g. from ConvertAtScale (java -cp benchmarks/target/benchmarks.jar
#   dev.pulmo.benchmarks.ConvertAtScale /tmp/ct5000 5000 5000 2). It is never modified: each round works on hard-linked
#   copies (cp -al); convert replaces JSON files by rename, so the links to TREE's files stay untouched.
# WORK: scratch folder (copies, outputs, timings in WORK/times.tsv). Each round works in its own subfolder, and the
#   copies and outputs are deleted only after the last round: deleting thousands of files just before a timed command
#   slows its file creations on ext4 without a journal (the inode allocator skips, one by one, inodes freed in the last
#   minutes), a cost of the benchmark, not of the command; convert, which replaces files, paid it most.
# BASELINE: optional folder of another build of this repository (e.g. the pre-optimisation one:
#   git archive 4cbb863 | tar -x -C DIR && (cd DIR && mvn -B -q package -DskipTests)), timed in the same rounds;
#   its convert output is compared with ours (same JSON apart from date_created).
# PULMO_JAVA_OPTS is passed to our runs as to any run of ./pulmo.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
tree=$1; work=$2; rounds=${3:-3}
py=/usr/bin/python3
peers="$here/benchmarks/peers"
shared="$here/../shared/bench"
baseline=${BASELINE:-}
mkdir -p "$work"
times="$work/times.tsv"
: > "$times"

"$here/pulmo" --version > /dev/null # builds the tool and its class-data archive before anything is timed

. "$here/benchmarks/timed-run.sh" # run LABEL ROUND COMMAND...

if [ -n "$baseline" ]; then
  # the baseline's own launcher, so that both builds run with the same JVM options and class-data sharing (the jar
  # names no class path of its own: `java -jar` of it cannot start); a build without one runs from its jars
  if [ -x "$baseline/pulmo" ]; then
    printf '#!/bin/sh\nexec "%s/pulmo" "$@"\n' "$baseline" > "$work/baseline-pulmo"
  else
    printf '#!/bin/sh\nexec java ${PULMO_JAVA_OPTS:-} -cp "%s/sdk-cli/target/pulmo.jar:%s/sdk-cli/target/lib/*" dev.pulmo.cli.Main "$@"\n' \
      "$baseline" "$baseline" > "$work/baseline-pulmo"
  fi
  chmod +x "$work/baseline-pulmo"
  "$work/baseline-pulmo" --version > /dev/null # builds it and its archive, if its launcher does, before anything is timed
fi

fresh() { cp -al "$tree" "$work/$1"; }
rm -rf "$work"/round.* # a previous run's, deleted before anything is timed

masks=$(find "$tree" -path '*/binary/*.dcm' | sort | head -n 2000)
one_mask=$(echo "$masks" | head -n 1)
images=$(find "$tree" -path '*/dcm/*.dcm' | wc -l)
echo "tree: $images images, $(find "$tree" -path '*/binary/*.dcm' | wc -l) masks; $(nproc) cores; $(date -u +%FT%TZ)"

for i in $(seq "$rounds"); do
  r="round.$i"
  mkdir "$work/$r"
  # every copy first, then the converts in an order that turns each round: the command right after the copies (or
  # after another convert's writes) pays for them, and in one fixed order ours always did (once 0.82x a build that
  # alternating runs show to be slower)
  fresh "$r/ours"; fresh "$r/peer"
  [ -z "$baseline" ] || fresh "$r/base"
  converts="ours peer base"
  case $((i % 3)) in
    2) converts="peer base ours" ;;
    0) converts="base ours peer" ;;
  esac
  for who in $converts; do
    case $who in
      ours) run convert.pulmo "$i" "$here/pulmo" convert --force "$work/$r/ours" ;;
      peer) run convert.peer "$i" "$py" "$shared/convert_peer.py" "$work/$r/peer" 2 ;;
      base) [ -z "$baseline" ] || run convert.baseline "$i" "$work/baseline-pulmo" convert --force "$work/$r/base" ;;
    esac
  done
  run validate.pulmo "$i" "$here/pulmo" validate "$work/$r/ours"
  [ -z "$baseline" ] || run validate.baseline "$i" "$work/baseline-pulmo" validate "$work/$r/base"
  # shellcheck disable=SC2086
  run mask2poly.pulmo "$i" "$here/pulmo" mask2poly --format geojson --out "$work/$r/m2p.pulmo" $masks
  # shellcheck disable=SC2086
  run mask2poly.peer "$i" "$py" "$peers/mask2poly_peer.py" "$work/$r/m2p.peer" $masks
  run headers.pydicom "$i" "$py" "$peers/headers_peer.py" "$work/$r/ours"
  run export-coco.pulmo "$i" "$here/pulmo" export-coco --images none --out "$work/$r/coco" "$work/$r/ours"
  run stats.pulmo "$i" "$here/pulmo" stats "$work/$r/ours"
  run split.pulmo "$i" "$here/pulmo" split --out "$work/$r/split.csv" "$work/$r/ours"
  run deid.pulmo "$i" "$here/pulmo" deid "$work/$r/ours" "$work/$r/deid" --map "$work/$r/deid.map"
  run start.version "$i" "$here/pulmo" --version
  run start.mask2poly-one "$i" "$here/pulmo" mask2poly "$one_mask"
done

if [ -n "$baseline" ]; then
  echo "convert output, ours vs the baseline build:"
  "$py" "$peers/same_json.py" "$work/round.1/base" "$work/round.1/ours" || echo "THE OUTPUTS DIFFER"
fi

"$py" - "$times" "$images" <<'EOF'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, _, wall, user, sys_, rss = line.split("\t")
    rows[label].append((float(wall), float(user) + float(sys_), int(rss) // 1024))
images = int(sys.argv[2])
med = {k: [statistics.median(x[i] for x in v) for i in range(3)] for k, v in rows.items()}
print("\nmedians: wall s | CPU s (user+sys) | peak RSS MB | images/s (tree-wide commands)")
for k, (wall, cpu, rss) in med.items():
    print(f"  {k:22} {wall:7.2f} {cpu:7.2f} {rss:6.0f}   {images / wall:8.0f}/s")
def ratio(a, b, what):
    if a in med and b in med:
        # round by round too: on a noisy host one stalled run moves a median, and the rounds show which
        rounds = ", ".join(f"{y[0] / x[0]:.2f}" for x, y in zip(rows[a], rows[b]))
        print(f"  {what:58} {med[b][0] / med[a][0]:5.2f}x  (CPU {med[b][1] / med[a][1]:.2f}x; rounds {rounds})")
print("\nratios of the medians (how many times faster ours is, by wall time; >1 is faster), and of each round:")
ratio("convert.pulmo", "convert.peer", "convert vs convert_peer.py TREE 2")
ratio("validate.pulmo", "convert.pulmo", "validate vs convert (target >= 1)")
ratio("mask2poly.pulmo", "mask2poly.peer", "mask2poly 2,000 masks vs pydicom + OpenCV (target >= 2)")
for c in ("export-coco", "stats", "split", "deid"):
    ratio(c + ".pulmo", "headers.pydicom", c + " vs pydicom reading the tree's headers (target >= 1)")
ratio("convert.pulmo", "convert.baseline", "convert vs the baseline build")
ratio("validate.pulmo", "validate.baseline", "validate vs the baseline build")
EOF
# deleted last, as said above: a run started within some minutes of this one meets these freed inodes
rm -rf "$work"/round.*
