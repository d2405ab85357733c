#!/usr/bin/python3
"""`kpireport validate` and `kpireport schema` (checked with python3-jsonschema, an independent
validator) accept the same documents: for every key of the format, the same handout is written
with values of every YAML kind in that place (numbers, booleans, null, empty and non-empty texts,
lists, mappings); both must accept it or both must reject it.  Then the samples, the skeletons of
`kpireport new`, and the validation cases whose errors are about types and keys.

The base handout is chosen so that only the type of the value decides: its scales hold the labels
"3", "1.5", "true" and "word", so that a rating written 3 or true is in the scale for both.
usage: agree.py KPIREPORT SOURCE-DIR"""
import copy, glob, json, os, subprocess, sys, tempfile

import jsonschema
import yaml

BIN, SRC = sys.argv[1], sys.argv[2]
schema = json.loads(subprocess.run([BIN, "schema"], check=True, capture_output=True).stdout)
validator = jsonschema.Draft7Validator(schema)
tmp = tempfile.mkdtemp(prefix="kr-agree-")

LABELS = ["3", "1.5", "true", "word", "良い"]
BASE = {
    "version": 1, "title": "一致の確認", "fiscal_year": 2016,
    "ratings": LABELS, "committee_ratings": LABELS, "policies": LABELS,
    "projects": [{"name": "事業", "cost": 1000, "grant": 1,
                  "kpis": [{"name": "件数", "target": 10}],
                  "subprojects": [{"name": "内訳"}]}],
}

# Where each key lives, with a value both accept.
P = ("projects", 0)
K = ("projects", 0, "kpis", 0)
FIELDS = [
    ((), "title", "表題"), ((), "fiscal_year", 2016), ((), "notes", "注記"),
    ((), "meeting", {"session": 1}), ((), "ratings", LABELS), ((), "policies", LABELS),
    ((), "committee_ratings", LABELS), ((), "projects", [{"name": "事業"}]),
    (("meeting",), "committee", "委員会"), (("meeting",), "session", 1),
    (("meeting",), "material", "資料1"), (("meeting",), "date", "2017-07-03"),
    (P, "name", "事業"), (P, "number", "1"), (P, "department", "課"), (P, "code", "A"),
    (P, "status", "継続"), (P, "cost", 1000), (P, "grant", 1), (P, "overview", "概要"),
    (P, "kpis", [{"name": "件数", "target": 10}]), (P, "rating", "word"),
    (P, "results", ["実績"]), (P, "plans", "予定"), (P, "policy", {"choice": "word"}),
    (P, "committee", {"rating": "word"}), (P, "grant_program", "交付金"),
    (P, "subprojects", [{"name": "内訳"}]),
    (P + ("policy",), "choice", "word"), (P + ("policy",), "reason", "理由"),
    (P + ("committee",), "rating", "word"), (P + ("committee",), "comment", "意見"),
    (K, "name", "件数"), (K, "unit", "件"), (K, "target", 10), (K, "actual", 5),
    (K, "direction", "increase"), (K, "baseline", 3), (K, "due", "2017-03"), (K, "note", "備考"),
    (K, "long_term", {"target": 20, "fiscal_year": 2019}),
    (K + ("long_term",), "target", 20), (K + ("long_term",), "fiscal_year", 2019),
]
# target_text goes in a KPI without a target (a KPI has one or the other).
TEXT_TARGET = (K, "target_text", "前年度を上回る")
VARIANTS = [3, 1.5, True, None, "", "  ", "word", [], ["word"], [3], [1, 2, 3], ["1", 2, True],
            {}, {"a": 1}]


def place(doc, path, key, value):
    node = doc
    for step in path:
        if isinstance(node, dict) and step not in node:
            node[step] = {}
        node = node[step]
    node[key] = value


def parse_1_2(text):
    """As a YAML language server reads a handout (YAML 1.2: 2017-07-03 is a string)."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return yaml.load(text, Loader=Loader)


checks = failures = 0
pending = []  # (what, path): checked together, on every core


def compare(doc, what):
    path = os.path.join(tmp, "case%d.yaml" % len(pending))
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(doc, f, allow_unicode=True, sort_keys=False)
    pending.append((what, path))


def rejected_by_validate(paths):
    """The files `kpireport validate` finds errors in: one run for many files, read from the
    count it prints after each file with messages ("FILE: 2 errors, 0 warnings")."""
    bad = {}
    for i in range(0, len(paths), 200):
        r = subprocess.run([BIN, "validate"] + paths[i:i + 200], capture_output=True, text=True,
                           env=dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE=""))
        lines = r.stderr.splitlines()
        for path in paths[i:i + 200]:
            mine = [l for l in lines if l.startswith(path + ":")]
            if any(l.startswith(path + ": ") and " error" in l and not l.startswith(path + ": 0 errors")
                   for l in mine):
                bad[path] = "\n".join(mine)
    return bad


compare(BASE, "the base handout")
for path, key, good in FIELDS + [TEXT_TARGET]:
    for value in [good] + VARIANTS:
        doc = copy.deepcopy(BASE)
        if (path, key) == TEXT_TARGET[:2]:
            del doc["projects"][0]["kpis"][0]["target"]
        place(doc, path, key, value)
        compare(doc, "%s = %r" % (".".join(str(s) for s in path + (key,)), value))

bad = rejected_by_validate([path for _, path in pending])
for what, path in pending:
    checks += 1
    with open(path, encoding="utf-8") as f:
        ok_schema = validator.is_valid(parse_1_2(f.read()))
    ok_loader = path not in bad
    if ok_loader != ok_schema:
        failures += 1
        print("FAIL %s: validate %s, schema %s%s" % (
            what, "accepts" if ok_loader else "rejects", "accepts" if ok_schema else "rejects",
            "" if ok_loader else "\n  " + bad[path].replace("\n", "\n  ")))

# Files: the samples and the skeletons must be accepted by both; the validation cases about types
# and keys rejected by both.
def compare_file(path, want):
    global checks, failures
    checks += 1
    with open(path, encoding="utf-8-sig") as f:
        ok_schema = validator.is_valid(parse_1_2(f.read()))
    ok_loader = subprocess.run([BIN, "validate", path], capture_output=True).returncode == 0
    if not (ok_loader == ok_schema == want):
        failures += 1
        print("FAIL %s: validate %s, schema %s, both should %s" % (
            path, ok_loader, ok_schema, "accept" if want else "reject"))


for path in sorted(glob.glob(os.path.join(SRC, "input", "*.yaml"))):
    compare_file(path, True)
for t in sorted(glob.glob(os.path.join(SRC, "templates", "*.yaml"))):
    name = os.path.splitext(os.path.basename(t))[0]
    new = os.path.join(tmp, "new-" + name + ".yaml")
    subprocess.run([BIN, "new", "--template", name, new], check=True, capture_output=True)
    compare_file(new, True)
for case in ["types", "unknown-keys", "missing", "empty-projects", "top-level", "scales",
             "value-fullwidth-digits", "value-unit", "value-not-known", "value-comma-in-braces"]:
    compare_file(os.path.join(SRC, "tests", "validate", "cases", case + ".yaml"), False)

print("%d passed, %d failed" % (checks - failures, failures))
sys.exit(1 if failures else 0)
