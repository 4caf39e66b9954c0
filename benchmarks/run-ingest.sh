#!/bin/sh
# pulmo ingest on a PACS-like export of a guideline tree, whole process (JVM start included), against its peers in the
# same rounds, interleaved: dcmdump over the same files (one process, header up to Pixel Data) and pydicom reading
# them (dcmread, every file). Prints every run, then files/s and ratios (> 1 means pulmo ingest is faster). The issue's
# target: at least 500 files/s on 2 cores, de-identification and writing included.
#
#   benchmarks/run-ingest.sh TREE WORK [ROUNDS]
#
# TREE: a generated guideline tree, e.g. /tmp/ct5000 from ConvertAtScale (java -cp benchmarks/target/benchmarks.jar
#   dev.pulmo.benchmarks.ConvertAtScale /tmp/ct5000 5000 5000 2). Never modified: the export is made of hard links
#   (or copies across file systems) named as a PACS names them: WORK/export/<study UID>/<series UID>/<SOP UID>, no
#   extension, and WORK/cases.csv lists every patient of the tree with the class and modality of its folder.
# WORK: scratch folder (export, outputs, timings in WORK/times.tsv). Each round ingests into a fresh TREE and MAP.
# PATIENTS=N (env) takes only the first N patient folders of each class (a smaller export for a quick run).
# Needs /usr/bin/python3 with python3-pydicom, and dcmtk.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
tree=$1; work=$2; rounds=${3:-3}
py=/usr/bin/python3
mkdir -p "$work"
times="$work/times.tsv"
: > "$times"

"$here/pulmo" --version > /dev/null # builds the tool before anything is timed

if [ ! -f "$work/cases.csv" ]; then
  "$py" - "$tree" "$work" "${PATIENTS:-0}" <<'PYEOF'
import os, sys, pydicom
tree, work, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
codes = {"x-ray": "XRY", "chest-ct": "CCT", "pet-ct": "PCT"}
cases = {}
n = 0
top = os.path.join(tree, "lung_cancer")
for root, _, files in os.walk(top):
    parts = os.path.relpath(root, top).split(os.sep)
    if len(parts) != 5 or parts[4] != "dcm":
        continue
    if limit and sorted(os.listdir(os.path.join(top, parts[0], parts[1]))).index(parts[2]) >= limit:
        continue
    for name in sorted(files):
        if not name.endswith(".dcm"):
            continue
        src = os.path.join(root, name)
        ds = pydicom.dcmread(src, stop_before_pixels=True)
        dst = os.path.join(work, "export", ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        try:
            os.link(src, dst)
        except OSError:
            import shutil
            shutil.copyfile(src, dst)
        cases[(str(ds.PatientID), codes[parts[0]])] = parts[1]
        n += 1
with open(os.path.join(work, "cases.csv"), "w") as f:
    f.write("hospital_id,class,modality,age,sex,pathology,smoking\n")
    for (pid, code), cls in sorted(cases.items()):
        f.write(f"{pid},{cls},{code},60,M,{'adenocarcinoma' if cls == 'malignant' else ''},never\n")
print(f"export: {n} files, {len(cases)} cases", file=sys.stderr)
PYEOF
fi
files=$(find "$work/export" -type f | wc -l)

cat > "$work/pydicom_read.py" <<'PYEOF'
import os, sys, pydicom
n = 0
for root, _, files in os.walk(sys.argv[1]):
    for name in files:
        ds = pydicom.dcmread(os.path.join(root, name))
        ds.PixelData  # the whole file, as ingest reads it to de-identify and write it
        n += 1
print(n)
PYEOF

. "$here/benchmarks/timed-run.sh" # run LABEL ROUND COMMAND...

for r in $(seq 1 "$rounds"); do
  rm -rf "$work/out" "$work/map.json"
  run "pulmo-ingest" "$r" "$here/pulmo" ingest "$work/export" --cases "$work/cases.csv" --out "$work/out" --map "$work/map.json" --threads 2
  run "dcmdump" "$r" sh -c "dcmdump -q +sd +r +sp '*' +sb PixelData '$work/export' > /dev/null"
  run "pydicom-read" "$r" "$py" "$work/pydicom_read.py" "$work/export"
done
grep -h "images written" "$work/pulmo-ingest.out" || true

"$py" - "$times" "$files" <<'PYEOF'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
n = int(sys.argv[2])
med = {}
for label in dict.fromkeys(r[0] for r in rows):
    med[label] = statistics.median(float(r[2]) for r in rows if r[0] == label)
print(f"\n{n} files; median wall time per command, files/s")
for label, s in med.items():
    print(f"{label:16} {s:7.2f} s {n / s:8.0f} files/s" + ("" if label == "pulmo-ingest" else
          f"   pulmo ingest / {label}: {s / med['pulmo-ingest']:.2f}x"))
PYEOF
