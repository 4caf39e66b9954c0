# Sourced by the whole-process benchmark scripts (run-main-job.sh, run-exports.sh, run-ingest.sh): one timed run.
# The script sets $work (a folder for outputs) and $times (the TSV the summary reads) before calling it.
#
# run LABEL ROUND COMMAND...: runs COMMAND with its output in $work/LABEL.out and .err; its wall, user and system seconds
# and peak RSS (KB) go to $times as "LABEL ROUND wall user sys rss" and are printed. Exit status 1 means findings
# (the data's, counted in the output); anything above it, or an exception that escaped a JVM's main, is a failed run
# and stops the script.
run() {
  label=$1; round=$2; shift 2
  status=0
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.out" "$@" > "$work/$label.out" 2> "$work/$label.err" || status=$?
  # 1 is also what the JVM returns when an exception escapes main (pulmo never lets one): that is a failed run too
  if [ "$status" -gt 1 ] || grep -q '^Exception in thread "main"' "$work/$label.err"; then
    echo "$label failed ($status):"; tail -5 "$work/$label.err"; exit 1
  fi
  set -- $(tail -1 "$work/time.out")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$round" "$1" "$2" "$3" "$4" >> "$times"
  printf '%-22s round %s: %6.2f s wall, %6.2f s user, %5.2f s sys, %4d MB\n' "$label" "$round" "$1" "$2" "$3" "$(($4 / 1024))"
}
