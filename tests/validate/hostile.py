#!/usr/bin/python3
"""Hostile inputs get a clear error, quickly and within bounded memory.

Each case is generated here (they are too large to keep in the repository), run through
`kpireport validate` with an address-space limit, and must exit 1 with the expected message.
Pathological growth is caught by comparing a small and a large instance: the large one may take
at most ~20x the time of one tenth its size (near-linear), never a fixed time."""
import os, resource, subprocess, sys, tempfile, time

BIN = sys.argv[1]
tmp = tempfile.mkdtemp(prefix="kr-hostile-")
failures = 0
passed = 0


def limit():
    if os.environ.get("KR_SANITIZED"):
        return  # ASan reserves terabytes of address space
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def run(name, data, want_rc, want_msg):
    global failures, passed
    path = os.path.join(tmp, name + ".yaml")
    with open(path, "wb") as f:
        f.write(data)
    t0 = time.monotonic()
    p = subprocess.run([BIN, "validate", path], capture_output=True, preexec_fn=limit, timeout=120)
    dt = time.monotonic() - t0
    err = p.stderr.decode("utf-8", "replace")
    ok = p.returncode == want_rc and want_msg in err
    if ok:
        passed += 1
    else:
        failures += 1
        print(f"FAIL {name}: rc={p.returncode} (want {want_rc}); stderr: {err[:300]!r}")
    return dt


HEAD = b"version: 1\ntitle: t\nfiscal_year: 2016\n"

# Billion laughs: nine levels of nine aliases each.
lol = [b'a0: &a0 ["lol"]\n']
for i in range(1, 10):
    refs = ", ".join(f"*a{i-1}" for _ in range(9))
    lol.append(f"a{i}: &a{i} [{refs}]\n".encode())
run("billion-laughs", b"".join(lol), 1, "error: aliases expand to more than")

run("deep-lists", HEAD + b"projects: " + b"[" * 10000 + b"]" * 10000 + b"\n", 1,
    "error: nesting deeper than 64 levels")
run("deep-maps", b"a: " + b"{a: " * 10000 + b"1" + b"}" * 10000 + b"\n", 1,
    "error: nesting deeper than 64 levels")
run("big-scalar", HEAD + b"notes: " + b"\xe3\x81\x82" * ((5 << 20) // 3) + b"\n", 1,
    "error: a value of")
big = HEAD + b"projects:\n" + b"  - {name: \xe4\xba\x8b\xe6\xa5\xad, cost: 1}\n" * ((100 << 20) // 34)
run("100mb-file", big, 1, "error: the file is")
run("many-keys-dup", b"version: 1\n" + b"".join(b"k%d: 1\n" % i for i in range(50000)) + b"k7: 2\n",
    1, "duplicate key 'k7' (first given at line 9)")
run("unknown-anchor", HEAD + b"projects: *nope\n", 1, "refers to no anchor")
run("recursive-alias", b"a: &x [*x]\n", 1, "refers to a value that contains it")
run("overflow", HEAD + b"projects:\n" + b"  - {name: p, cost: 999999999999999}\n" * 9300, 1,
    "error: the total cost or grant overflows")
run("binary", bytes(range(256)) * 16, 1, "error:")

# A million unknown keys: the first 1 000 messages are shown, the rest counted, memory bounded.
run("million-errors", HEAD + b"projects: [{name: p}]\n" + b"".join(b"k%d: 1\n" % i for i in range(1000000)),
    1, "more messages not shown (the first 1000 are above)")

# A FIFO named as the handout (or as a template) must not hang the open.
fifo = os.path.join(tmp, "fifo.yaml")
os.mkfifo(fifo)
try:
    p = subprocess.run([BIN, "validate", fifo], capture_output=True, timeout=10)
    ok = p.returncode == 3 and b"not a regular file" in p.stderr
except subprocess.TimeoutExpired:
    ok = False
if ok:
    passed += 1
else:
    failures += 1
    print("FAIL fifo: kpireport hung or did not refuse a FIFO")

# Near-linear: the duplicate-key check and the loader on many projects.
def projects(n):
    return HEAD + b"projects:\n" + b"".join(b"  - {name: p%d, cost: 1, rating: x}\n" % i for i in range(n))
small = min(run("linear-small", projects(2000), 1, "no 'ratings:' scale") for _ in range(3))
large = min(run("linear-large", projects(20000), 1, "no 'ratings:' scale") for _ in range(3))
if large > 20 * max(small, 0.01):
    failures += 1
    print(f"FAIL growth: 2,000 projects {small:.3f}s, 20,000 projects {large:.3f}s")
else:
    passed += 1

# Near-linear: unknown keys then repeats of one key in one mapping (each was looked up by a
# search of the whole mapping: 120 000 + 120 000 keys took 43 s).
def keys(n):
    return (HEAD + b"projects:\n  - cost: 1\n" + b"".join(b"    k%d: 1\n" % i for i in range(n)) +
            b"".join(b"    name: x\n" for i in range(n)))
reps = 1 if os.environ.get("KR_SANITIZED") else 3
small = min(run("keys-small", keys(12000), 1, "duplicate key 'name'") for _ in range(reps))
large = min(run("keys-large", keys(120000), 1, "duplicate key 'name'") for _ in range(reps))
if large > 20 * max(small, 0.01):
    failures += 1
    print(f"FAIL growth: 12,000 keys {small:.3f}s, 120,000 keys {large:.3f}s")
else:
    passed += 1

# Near-linear: a syntax error explained far from where it began (an unclosed quote, then many
# lines; a key indented wrongly after a long block): the explanation reads the lines between once.
def far_error(n, kind):
    if kind == "quote":
        return HEAD + b'notes: "unclosed\n' + b"".join(b"  line %d\n" % i for i in range(n))
    return (HEAD + b"notes: |\n" + b"".join(b"  line %d\n" % i for i in range(n)) +
            b"projects:\n  - name: a\n   cost: 1\n")
for kind, want in (("quote", "is never closed"), ("indent", "error:")):
    small = min(run("far-%s-small" % kind, far_error(20000, kind), 1, want) for _ in range(reps))
    large = min(run("far-%s-large" % kind, far_error(200000, kind), 1, want) for _ in range(reps))
    if large > 20 * max(small, 0.01):
        failures += 1
        print(f"FAIL growth: far {kind} error, 20,000 lines {small:.3f}s, 200,000 lines {large:.3f}s")
    else:
        passed += 1

print(f"{passed} passed, {failures} failed")
sys.exit(1 if failures else 0)
