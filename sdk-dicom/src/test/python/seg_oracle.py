#!/usr/bin/env python3
"""Independent oracle for dev.pulmo.dicom.seg: what pydicom + numpy read from DICOM Segmentations.

For each file: Number of Frames, Segmentation Type, Maximum Fractional Value, the segment numbers and labels, and
per frame the Referenced Segment Number, the first Source Image's SOP Instance UID, the Image Position (Patient),
the number of foreground pixels and the SHA-256 of the row-major 0/1 mask bytes; and the pixels shared by
frames of different segments on the same source image. Binary frames: a pixel is
foreground when it is 1. Fractional frames: when 2 * value >= Maximum Fractional Value (the threshold SegReader
documents). Made with pydicom 2.3 / numpy (Debian bookworm):

    /usr/bin/python3 sdk-dicom/src/test/python/seg_oracle.py ../shared/testdata/dicom/seg_image_ct_binary.dcm \
        ../shared/testdata/dicom/seg_image_ct_binary_fractional.dcm \
        ../shared/testdata/dicom/seg_image_ct_binary_overlap.dcm > sdk-dicom/src/test/resources/seg-oracle.json
"""
import hashlib
import json
import os
import sys

import numpy as np
import pydicom


def first(seq_owner, keyword):
    seq = getattr(seq_owner, keyword, None)
    return seq[0] if seq else None


def frame_group(ds, i, keyword):
    per_frame = ds.PerFrameFunctionalGroupsSequence[i]
    item = first(per_frame, keyword)
    if item is None and "SharedFunctionalGroupsSequence" in ds:
        item = first(ds.SharedFunctionalGroupsSequence[0], keyword)
    return item


def describe(path):
    ds = pydicom.dcmread(path)
    pixels = ds.pixel_array
    frames_total = int(getattr(ds, "NumberOfFrames", 1))
    if frames_total == 1:
        pixels = pixels.reshape((1,) + pixels.shape)
    seg_type = ds.SegmentationType
    max_fraction = int(getattr(ds, "MaximumFractionalValue", 1))
    frames = []
    masks = []
    for i in range(frames_total):
        values = pixels[i].astype(np.int64)
        mask = (values * 2 >= max_fraction) if seg_type == "FRACTIONAL" else (values != 0)
        mask_bytes = mask.astype(np.uint8).tobytes(order="C")
        masks.append(mask)
        seg = frame_group(ds, i, "SegmentIdentificationSequence")
        derivation = frame_group(ds, i, "DerivationImageSequence")
        source = first(derivation, "SourceImageSequence") if derivation is not None else None
        position = frame_group(ds, i, "PlanePositionSequence")
        frames.append({
            "segment": int(seg.ReferencedSegmentNumber),
            "source_uid": str(source.ReferencedSOPInstanceUID) if source is not None else "",
            "position": [float(v) for v in position.ImagePositionPatient] if position is not None else None,
            "foreground": int(mask.sum()),
            "sha256": hashlib.sha256(mask_bytes).hexdigest(),
        })
    overlaps = []
    for a in range(frames_total):
        for b in range(a + 1, frames_total):
            fa, fb = frames[a], frames[b]
            if fa["segment"] != fb["segment"] and fa["source_uid"] and fa["source_uid"] == fb["source_uid"]:
                shared = int((masks[a] & masks[b]).sum())
                if shared:
                    overlaps.append({"segments": sorted([fa["segment"], fb["segment"]]),
                                     "source_uid": fa["source_uid"], "pixels": shared})
    return {
        "file": os.path.basename(path),
        "rows": int(ds.Rows),
        "columns": int(ds.Columns),
        "number_of_frames": frames_total,
        "segmentation_type": seg_type,
        "maximum_fractional_value": max_fraction if seg_type == "FRACTIONAL" else None,
        "segments": [{"number": int(s.SegmentNumber), "label": str(s.SegmentLabel)} for s in ds.SegmentSequence],
        "referenced_instances": [str(i.ReferencedSOPInstanceUID)
                                 for s in getattr(ds, "ReferencedSeriesSequence", [])
                                 for i in s.ReferencedInstanceSequence],
        "frames": frames,
        "overlaps": overlaps,
    }


if __name__ == "__main__":
    json.dump({"pydicom": pydicom.__version__, "files": [describe(p) for p in sys.argv[1:]]}, sys.stdout, indent=1)
    print()
