#!/usr/bin/env python3
"""Independent oracle for dev.pulmo.dicom.seg: what pydicom + numpy read from DICOM Segmentations.

For each file: Number of Frames, Segmentation Type, Maximum Fractional Value, the segment numbers and labels, and
per frame the Referenced Segment Number, the first Source Image's SOP Instance UID, the Image Position (Patient),
the number of foreground pixels and the SHA-256 of the row-major 0/1 mask bytes; and the pixels shared by
frames of different segments on the same source image. Binary frames: a pixel is
foreground when it is 1. Fractional frames: when 2 * value >= Maximum Fractional Value (the threshold SegReader
documents). Label maps: one entry per frame and segment value present (the Pixel Padding Value, else 0, being the
background). Tiles: their (column, row) position in the total pixel matrix, from Plane Position (Slide), or for a
TILED_FULL file without per-frame groups implied by frame order (segment, focal plane, tile row, tile column, as
highdicom orders them); "masks": per (segment, source image) the frames united and the tiles placed on the total
pixel matrix. Made with pydicom 2.3 / numpy (Debian bookworm):

    /usr/bin/python3 sdk-dicom/src/test/python/seg_oracle.py ../shared/testdata/dicom/seg_image_ct_binary.dcm \
        ../shared/testdata/dicom/seg_image_ct_binary_fractional.dcm \
        ../shared/testdata/dicom/seg_image_ct_binary_overlap.dcm \
        ../shared/testdata/dicom/seg_image_sm_control_labelmap.dcm sdk-dicom/src/test/resources/seg/*.dcm \
        > sdk-dicom/src/test/resources/seg-oracle.json
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
    item = None
    if "PerFrameFunctionalGroupsSequence" in ds:
        item = first(ds.PerFrameFunctionalGroupsSequence[i], keyword)
    if item is None and "SharedFunctionalGroupsSequence" in ds:
        item = first(ds.SharedFunctionalGroupsSequence[0], keyword)
    return item


def implied_tiles(ds, channels):
    """TILED_FULL without per-frame groups (PS3.3 C.7.6.17.3, as highdicom's iter_tiled_full_frame_data orders it):
    channel (segment) outermost, then focal plane, then tile row, then tile column; (channel, column, row), 1-based."""
    rows, columns = int(ds.Rows), int(ds.Columns)
    across = -(-int(ds.TotalPixelMatrixColumns) // columns)
    down = -(-int(ds.TotalPixelMatrixRows) // rows)
    planes = int(getattr(ds, "TotalPixelMatrixFocalPlanes", 1) or 1)
    return [(channel, c * columns + 1, r * rows + 1)
            for channel in channels for _ in range(planes) for r in range(down) for c in range(across)]


def describe(path):
    ds = pydicom.dcmread(path)
    pixels = ds.pixel_array
    frames_total = int(getattr(ds, "NumberOfFrames", 1))
    if frames_total == 1:
        pixels = pixels.reshape((1,) + pixels.shape)
    seg_type = ds.SegmentationType
    labelmap = seg_type == "LABELMAP"
    background = int(getattr(ds, "PixelPaddingValue", 0)) if labelmap else None
    max_fraction = int(getattr(ds, "MaximumFractionalValue", 1))
    described = [int(s.SegmentNumber) for s in ds.SegmentSequence if int(s.SegmentNumber) != background]
    implied = None
    if "PerFrameFunctionalGroupsSequence" not in ds and getattr(ds, "DimensionOrganizationType", "") == "TILED_FULL":
        implied = implied_tiles(ds, [None] if labelmap else sorted(described))
    top_sources = list(getattr(ds, "SourceImageSequence", []))
    frames = []
    masks = []
    for i in range(frames_total):
        values = pixels[i].astype(np.int64)
        derivation = frame_group(ds, i, "DerivationImageSequence")
        source = first(derivation, "SourceImageSequence") if derivation is not None else None
        if source is None and len(top_sources) == 1:
            source = top_sources[0]
        position = frame_group(ds, i, "PlanePositionSequence")
        slide = None
        if "PerFrameFunctionalGroupsSequence" in ds:
            slide = first(ds.PerFrameFunctionalGroupsSequence[i], "PlanePositionSlideSequence")
        if implied is not None:
            tile = list(implied[i][1:])
        elif slide is not None:
            tile = [int(slide.ColumnPositionInTotalImagePixelMatrix), int(slide.RowPositionInTotalImagePixelMatrix)]
        else:
            tile = None
        if labelmap:
            pairs = [(int(v), values == v) for v in np.unique(values) if int(v) != background and int(v) in described]
        else:
            mask = (values * 2 >= max_fraction) if seg_type == "FRACTIONAL" else (values != 0)
            segment = implied[i][0] if implied is not None else \
                int(frame_group(ds, i, "SegmentIdentificationSequence").ReferencedSegmentNumber)
            pairs = [(segment, mask)]
        for segment, mask in pairs:
            masks.append(mask)
            frames.append({
                "frame": i + 1,
                "segment": segment,
                "source_uid": str(source.ReferencedSOPInstanceUID) if source is not None else "",
                "position": [float(v) for v in position.ImagePositionPatient] if position is not None else None,
                "tile": tile,
                "foreground": int(mask.sum()),
                "sha256": hashlib.sha256(mask.astype(np.uint8).tobytes(order="C")).hexdigest(),
            })
    overlaps = []
    for a in range(len(frames)):
        for b in range(a + 1, len(frames)):
            fa, fb = frames[a], frames[b]
            if fa["segment"] != fb["segment"] and fa["source_uid"] and fa["source_uid"] == fb["source_uid"] \
                    and fa["tile"] is None:
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
        "segments": [{"number": int(s.SegmentNumber), "label": str(s.SegmentLabel)} for s in ds.SegmentSequence
                     if int(s.SegmentNumber) != background],
        "referenced_instances": [str(i.ReferencedSOPInstanceUID)
                                 for s in getattr(ds, "ReferencedSeriesSequence", [])
                                 for i in s.ReferencedInstanceSequence],
        "frames": frames,
        "overlaps": overlaps,
        "masks": combined_masks(ds, frames, masks),
    }


def combined_masks(ds, frames, masks):
    """One mask per (segment, source image) in order of first frame: frames united, tiles placed on the total pixel
    matrix (clipped at its edges)."""
    out = {}
    for f, mask in zip(frames, masks):
        key = (f["segment"], f["source_uid"])
        if f["tile"] is not None:
            total = out.setdefault(key, np.zeros((int(ds.TotalPixelMatrixRows), int(ds.TotalPixelMatrixColumns)), bool))
            c, r = f["tile"][0] - 1, f["tile"][1] - 1
            h, w = min(mask.shape[0], total.shape[0] - r), min(mask.shape[1], total.shape[1] - c)
            total[r:r + h, c:c + w] |= mask[:h, :w]
        else:
            out[key] = out[key] | mask if key in out else mask.copy()
    return [{"segment": k[0], "source_uid": k[1], "columns": int(m.shape[1]), "rows": int(m.shape[0]),
             "foreground": int(m.sum()), "sha256": hashlib.sha256(m.astype(np.uint8).tobytes(order="C")).hexdigest()}
            for k, m in out.items()]


if __name__ == "__main__":
    json.dump({"pydicom": pydicom.__version__, "files": [describe(p) for p in sys.argv[1:]]}, sys.stdout, indent=1)
    print()
