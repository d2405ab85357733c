"""The counting every reliability test shares: check() records a pass or prints FAIL with what
failed; finish() prints the "N passed, N failed" line CTest's log shows and exits 1 on a failure."""
import sys

counts = {"passed": 0, "failed": 0}


def check(ok, what):
    if ok:
        counts["passed"] += 1
    else:
        counts["failed"] += 1
        print("FAIL", what)
    return ok


def finish():
    print(f"{counts['passed']} passed, {counts['failed']} failed")
    sys.exit(1 if counts["failed"] else 0)
