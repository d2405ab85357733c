#!/usr/bin/python3
"""`kpireport schema` is a valid JSON Schema that accepts every sample and rejects broken ones,
checked with an independent validator (python3-jsonschema)."""
import datetime, glob, json, subprocess, sys

import jsonschema
import yaml

BIN, SRC = sys.argv[1], sys.argv[2]
schema = json.loads(subprocess.run([BIN, "schema"], check=True, capture_output=True).stdout)
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)


def load(path):
    # A YAML language server reads YAML 1.2, where 2017-07-03 is a string: do the same.
    class Loader(yaml.SafeLoader):
        pass
    Loader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    with open(path, encoding="utf-8-sig") as f:
        return yaml.load(f, Loader=Loader)


passed = failed = 0
for path in sorted(glob.glob(SRC + "/input/*.yaml")):
    errors = list(validator.iter_errors(load(path)))
    if errors:
        failed += 1
        print(f"FAIL {path}: {errors[0].message} at {list(errors[0].path)}")
    else:
        passed += 1

bad = {
    "unknown key": {"version": 1, "title": "t", "fiscal_year": 2016, "projects": [{"name": "a", "cots": 1}]},
    "negative money": {"version": 1, "title": "t", "fiscal_year": 2016, "projects": [{"name": "a", "cost": -1}]},
    "no projects": {"version": 1, "title": "t", "fiscal_year": 2016, "projects": []},
    "bad direction": {"version": 1, "title": "t", "fiscal_year": 2016,
                      "projects": [{"name": "a", "kpis": [{"name": "k", "target": 1, "direction": "down"}]}]},
    "grant_program in subproject": {"version": 1, "title": "t", "fiscal_year": 2016,
                                    "projects": [{"name": "a", "subprojects": [{"name": "b", "grant_program": "x"}]}]},
}
for what, doc in bad.items():
    if validator.is_valid(doc):
        failed += 1
        print(f"FAIL schema accepts a document with {what}")
    else:
        passed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
