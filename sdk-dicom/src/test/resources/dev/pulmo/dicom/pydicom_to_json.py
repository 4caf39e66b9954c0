"""Reads DICOM files with pydicom and prints one JSON object per line: the dataset (no File Meta) as
pydicom's to_json_dict writes it, bulk values replaced by {"length", "sha256"} as in testdata/dicom/README.md.
Used by sdk-dicom's InteropTest to check that pydicom reads what Pulmo writes."""
import hashlib
import json
import sys

import pydicom


def bulk(elem):
    data = elem.value if isinstance(elem.value, bytes) else b""
    return "bulk:%d:%s" % (len(data), hashlib.sha256(data).hexdigest())


def fix(node):
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if isinstance(v, dict) and isinstance(v.get("BulkDataURI"), str) and v["BulkDataURI"].startswith("bulk:"):
                _, length, sha = v["BulkDataURI"].split(":")
                v = {"vr": v["vr"], "BulkData": {"length": int(length), "sha256": sha}}
            out[k] = fix(v)
        return out
    if isinstance(node, list):
        return [fix(x) for x in node]
    return node


for path in sys.argv[1:]:
    ds = pydicom.dcmread(path)
    print(json.dumps(fix(ds.to_json_dict(bulk_data_threshold=0, bulk_data_element_handler=bulk)),
                     allow_nan=False, default=str))
