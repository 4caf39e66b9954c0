#!/usr/bin/env python3
"""Checks an ingested tree with pydicom, independently of Pulmo's reader.

    check_ingested.py TREE MANIFEST

Prints one JSON object: per DICOM file under TREE/lung_cancer, its series folder, sequence number, z position
(ImagePositionPatient[2]), Patient ID, SOP Instance UID, Series UID and the SOP Instance UIDs its
ReferencedImageSequence names; and "leaks": every planted identifier or date
(MANIFEST) found in any element value at any depth (private elements and sequences included) or anywhere in the file's
bytes outside Pixel Data, and every non-DICOM file of TREE (sheets, reports) whose bytes hold one.
"""
import json
import os
import sys
import zipfile

import pydicom


def values(ds, path=""):
    for elem in ds:
        where = f"{path}{elem.tag}"
        if elem.VR == "SQ":
            for i, item in enumerate(elem.value):
                yield from values(item, f"{where}[{i}]/")
        elif elem.tag == 0x7FE00010:
            continue
        else:
            v = elem.value
            if isinstance(v, bytes):
                v = v.decode("latin-1")
            yield where, str(v)


def main(tree, manifest_path):
    with open(manifest_path) as f:
        manifest = json.load(f)
    needles = sorted(set(manifest["identifiers"] + manifest["dates"]))
    out = {"files": [], "leaks": []}
    for root, _, files in os.walk(tree):
        for name in sorted(files):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, tree)
            if name.endswith(".dcm"):
                ds = pydicom.dcmread(path)
                for where, text in values(ds.file_meta):
                    for n in needles:
                        if n in text:
                            out["leaks"].append({"file": rel, "where": where, "value": n})
                for where, text in values(ds):
                    for n in needles:
                        if n in text:
                            out["leaks"].append({"file": rel, "where": where, "value": n})
                raw = open(path, "rb").read()
                pixel = ds.get((0x7FE0, 0x0010))
                if pixel is not None:
                    raw = raw.replace(pixel.value, b"")
                for n in needles:
                    if len(n) >= 5 and n.encode("utf-8") in raw:
                        out["leaks"].append({"file": rel, "where": "bytes", "value": n})
                refs = [str(item.ReferencedSOPInstanceUID) for item in ds.get("ReferencedImageSequence", [])]
                ipp = ds.get("ImagePositionPatient")
                out["files"].append({"file": rel, "series": os.path.dirname(os.path.dirname(rel)),
                                     "seq": int(name[:-4].split("_")[-1]), "patientId": str(ds.PatientID),
                                     "z": float(ipp[2]) if ipp is not None else None,
                                     "sop": str(ds.SOPInstanceUID), "seriesUid": str(ds.SeriesInstanceUID), "references": refs,
                                     "pixels": ds.pixel_array.tolist() if "xry_" in name else None})
            else:
                raw = open(path, "rb").read()
                texts = [raw]
                if name.endswith(".xlsx"):
                    with zipfile.ZipFile(path) as z:
                        texts = [z.read(n) for n in z.namelist()]
                for n in needles:
                    if any(n.encode("utf-8") in t for t in texts):
                        out["leaks"].append({"file": rel, "where": "bytes", "value": n})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
