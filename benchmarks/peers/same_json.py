#!/usr/bin/python3
"""Compares the guideline JSON of two converted copies of one tree: every JSON file of A exists in B with the same
content apart from info.date_created, and B has no other. Usage: same_json.py TREE_A TREE_B"""
import json, os, sys

def files(root):
    out = {}
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".json") and os.sep + "json" in folder:
                out[os.path.relpath(os.path.join(folder, name), root)] = os.path.join(folder, name)
    return out

def load(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    doc.get("info", {}).pop("date_created", None)
    return doc

a, b = files(sys.argv[1]), files(sys.argv[2])
only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
differ = [k for k in sorted(set(a) & set(b)) if load(a[k]) != load(b[k])]
for label, names in (("only in A", only_a), ("only in B", only_b), ("differ", differ)):
    for k in names[:5]:
        print(label + ":", k)
print(f"{len(a)} JSON files in A, {len(b)} in B: {len(only_a)} only in A, {len(only_b)} only in B, {len(differ)} differ")
sys.exit(1 if only_a or only_b or differ else 0)
