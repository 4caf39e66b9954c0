#!/bin/sh
# The training exports and the 3-D nodules (issue 18), whole process (JVM start included), side by side with Python
# peers doing the same work, in the same rounds, interleaved; prints every run, then medians, files/s and ratios
# (benchmarks/README.md holds a run's figures).
#
#   benchmarks/run-exports.sh TREE WORK [ROUNDS]
#
# TREE: a generated chest-CT tree (ConvertAtScale, see run-main-job.sh), converted (its json/ folders filled). It is
#   never modified: every command reads it and writes under WORK.
# WORK: scratch folder (outputs, timings in WORK/times.tsv).
# Peers (benchmarks/peers/, 2 worker processes as pulmo has 2 threads on 2 cores):
#   export_coco_peer.py  pydicom + numpy lung window + cv2.imwrite PNG (or headers only), COCO JSON from the JSON files
#   export_nifti_peer.py pydicom + numpy stack + nibabel .nii.gz image and label volumes
#   nodules_peer.py      pydicom headers and masks + scipy.ndimage.label 26-connected + OpenCV hull long axis
# PULMO_JAVA_OPTS is passed to our runs as to any run of ./pulmo. PULMO: the launcher to time (default this checkout's
#   ./pulmo; a copy of the launcher with sdk-cli/target/{pulmo.jar,lib,pulmo.jsa} keeps the timed build fixed while the
#   checkout changes, since ./pulmo rebuilds when a source is newer than its jar).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
tree=$1; work=$2; rounds=${3:-2}
pulmo=${PULMO:-$here/pulmo}
# ONLY: the commands to time, of export-coco-png export-coco-none export-nifti nodules validate (default all)
only=${ONLY:-export-coco-png export-coco-none export-nifti nodules validate}
wanted() { case " $only " in *" $1 "*) return 0 ;; esac; return 1; }
py=/usr/bin/python3
peers="$here/benchmarks/peers"
mkdir -p "$work"
times="$work/times.tsv"
: > "$times"

"$pulmo" --version > /dev/null # builds the tool and its class-data archive before anything is timed

. "$here/benchmarks/timed-run.sh" # run LABEL ROUND COMMAND...

images=$(find "$tree" -path '*/dcm/*.dcm' | wc -l)
series=$(find "$tree" -type d -name dcm | wc -l)
echo "tree: $images images in $series series, $(find "$tree" -path '*/binary/*.dcm' | wc -l) masks; $(nproc) cores; $(date -u +%FT%TZ)"

for i in $(seq "$rounds"); do
  if wanted export-coco-png; then
    rm -rf "$work/coco-png.pulmo" "$work/coco-png.peer"
    run export-coco-png.pulmo "$i" "$pulmo" export-coco --images png --out "$work/coco-png.pulmo" "$tree"
    run export-coco-png.peer "$i" "$py" "$peers/export_coco_peer.py" "$tree" "$work/coco-png.peer" png 2
    rm -rf "$work/coco-png.pulmo" "$work/coco-png.peer"
  fi
  if wanted export-coco-none; then
    rm -rf "$work/coco-none.pulmo" "$work/coco-none.peer"
    run export-coco-none.pulmo "$i" "$pulmo" export-coco --images none --out "$work/coco-none.pulmo" "$tree"
    run export-coco-none.peer "$i" "$py" "$peers/export_coco_peer.py" "$tree" "$work/coco-none.peer" none 2
  fi
  if wanted export-nifti; then
    rm -rf "$work/nifti.pulmo" "$work/nifti.peer"
    run export-nifti.pulmo "$i" "$pulmo" export-nifti --out "$work/nifti.pulmo" "$tree"
    run export-nifti.peer "$i" "$py" "$peers/export_nifti_peer.py" "$tree" "$work/nifti.peer" 2
    rm -rf "$work/nifti.pulmo" "$work/nifti.peer"
  fi
  if wanted nodules; then
    run nodules.pulmo "$i" "$pulmo" nodules --out "$work/nodules.pulmo.csv" "$tree"
    run nodules.peer "$i" "$py" "$peers/nodules_peer.py" "$tree" "$work/nodules.peer.csv" 2
  fi
  if wanted validate; then
    run validate.pulmo "$i" "$pulmo" validate "$tree"
  fi
done
if wanted nodules; then
  echo "nodules: $(($(wc -l < "$work/nodules.pulmo.csv") - 1)) by pulmo, $(($(wc -l < "$work/nodules.peer.csv") - 1)) by the peer"
fi

"$py" - "$times" "$images" "$series" <<'PYEOF'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, _, wall, user, sys_, rss = line.split("\t")
    rows[label].append((float(wall), float(user) + float(sys_), int(rss) // 1024))
images, series = int(sys.argv[2]), int(sys.argv[3])
med = {k: [statistics.median(x[i] for x in v) for i in range(3)] for k, v in rows.items()}
print("\nmedians: wall s | CPU s (user+sys) | peak RSS MB | images/s")
for k, (wall, cpu, rss) in med.items():
    print(f"  {k:24} {wall:7.2f} {cpu:7.2f} {rss:6.0f}   {images / wall:8.0f}/s")
print("\nratios (how many times faster ours is; >1 is faster):")
for c in ("export-coco-png", "export-coco-none", "export-nifti", "nodules"):
    a, b = med.get(c + ".pulmo"), med.get(c + ".peer")
    if a and b:
        print(f"  {c:24} wall {b[0] / a[0]:5.2f}x   CPU {b[1] / a[1]:5.2f}x")
PYEOF
