#!/bin/sh
# pulmo convert vs pulmo-spark convert --master local[2] on a generated CT tree, interleaved, ROUNDS times; then start-up
# on an empty tree. The tree is hard-linked (cp -al) so the source stays untouched: convert replaces JSON by rename.
# Usage: benchmarks/run-spark.sh SOURCE_TREE WORK_DIR [ROUNDS]   (SOURCE_TREE e.g. from ConvertAtScale: /tmp/ct5000)
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
src=$1; work=$2; rounds=${3:-3}
mkdir -p "$work" && rm -rf "$work/t" && cp -al "$src" "$work/t" && mkdir -p "$work/empty/lung_cancer/chest-ct"
now() { date +%s.%N; }
for i in $(seq "$rounds"); do
  s=$(now); "$here/pulmo" convert --force --threads 2 "$work/t" > "$work/pulmo.$i.out" 2>/dev/null || true; e=$(now)
  echo "pulmo       round $i: wall $(echo "$e - $s" | bc) s; $(tail -2 "$work/pulmo.$i.out" | head -1 | sed 's/.*written //')"
  s=$(now); "$here/pulmo-spark" convert --force --master 'local[2]' "$work/t" > "$work/spark.$i.out" 2>"$work/spark.$i.err" || true; e=$(now)
  echo "pulmo-spark round $i: wall $(echo "$e - $s" | bc) s; $(tail -2 "$work/spark.$i.out" | head -1 | sed 's/.*written //')"
done
for i in $(seq "$rounds"); do
  s=$(now); "$here/pulmo" convert "$work/empty" > /dev/null 2>&1 || true; e=$(now); echo "pulmo       start-up $i: $(echo "$e - $s" | bc) s"
  s=$(now); "$here/pulmo-spark" convert --master 'local[2]' "$work/empty" > /dev/null 2>&1 || true; e=$(now); echo "pulmo-spark start-up $i: $(echo "$e - $s" | bc) s"
done
