#!/usr/bin/python3
"""The floor for the tree-wide commands (export-coco, stats, deid, split): read the header of every DICOM file of a
tree with pydicom (`dcmread(stop_before_pixels=True)`) and touch the attributes those commands use.
Usage: headers_peer.py TREE"""
import os, sys
import pydicom

n = 0
for folder, _, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith(".dcm"):
            h = pydicom.dcmread(os.path.join(folder, name), stop_before_pixels=True)
            (h.get("PatientID"), h.get("Rows"), h.get("Columns"), h.get("Modality"), h.get("SeriesInstanceUID"))
            n += 1
print(n, "headers")
