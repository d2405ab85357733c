#!/usr/bin/python3
"""The Japanese guide names every key of the format with its Japanese name: for each key of
`kpireport schema` (the schema's title is the key's Japanese name), a row of a table in the guide
holds both `key` and that name.  usage: guide-keys.py KPIREPORT GUIDE.md"""
import json, subprocess, sys

BIN, GUIDE = sys.argv[1], sys.argv[2]
schema = json.loads(subprocess.run([BIN, "schema"], check=True, capture_output=True).stdout)
rows = [l for l in open(GUIDE, encoding="utf-8") if l.startswith("|")]
keys = {}


def walk(node):
    node = node["allOf"][0] if "allOf" in node else node
    for key, sub in node.get("properties", {}).items():
        if "title" in sub:
            keys[(key, sub["title"])] = True
        walk(sub)
        items = sub.get("items")
        if isinstance(items, dict):
            walk(items)


walk(schema)
missing = [(k, t) for k, t in sorted(keys) if not any("`%s`" % k in r and t in r for r in rows)]
for k, t in missing:
    print("FAIL the guide has no table row with `%s` and %s" % (k, t))
print("%d keys, %d missing" % (len(keys), len(missing)))
sys.exit(1 if missing or not keys else 0)
