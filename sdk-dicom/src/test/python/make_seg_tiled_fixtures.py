#!/usr/bin/python3
"""TILED_FULL Segmentations without per-frame functional groups, made with pydicom 2.3 / numpy from highdicom's
TILED_SPARSE label map of the shared corpus (seg_image_sm_control_labelmap.dcm: 20 tiles of 10 x 10 placed by their
Plane Position (Slide) on a 50 x 50 total pixel matrix):

- tiled_full_labelmap.dcm: the same label map as all 25 tiles in TILED_FULL order (tile rows, then tile columns;
  tiles the sparse file lacks are background), Dimension Organization Type TILED_FULL, no Per-Frame Functional
  Groups, no Dimension Index (as highdicom writes TILED_FULL).
- tiled_full_binary.dcm: segments 1-3 of it as a BINARY Segmentation (Segmentation Storage), 1-bit frames in
  TILED_FULL order: segment, then tile row, then tile column (75 frames).

The positions come from the sparse file's own per-frame groups; the TILED_FULL files imply them by frame order
only, which is what a reader must get right.

    /usr/bin/python3 sdk-dicom/src/test/python/make_seg_tiled_fixtures.py ../shared/testdata/dicom \\
        sdk-dicom/src/test/resources/seg
"""
import sys
from pathlib import Path

import numpy
import pydicom
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid


def total_matrix(ds):
    """The sparse label map's tiles placed by their Plane Position (Slide)."""
    total = numpy.zeros((int(ds.TotalPixelMatrixRows), int(ds.TotalPixelMatrixColumns)), numpy.uint8)
    tiles = ds.pixel_array
    rows, columns = int(ds.Rows), int(ds.Columns)
    for tile, groups in zip(tiles, ds.PerFrameFunctionalGroupsSequence):
        position = groups.PlanePositionSlideSequence[0]
        r = int(position.RowPositionInTotalImagePixelMatrix) - 1
        c = int(position.ColumnPositionInTotalImagePixelMatrix) - 1
        height = min(rows, total.shape[0] - r)
        width = min(columns, total.shape[1] - c)
        total[r:r + height, c:c + width] = tile[:height, :width]
    return total


def tiles_of(total, rows, columns):
    """TILED_FULL order: tile rows, then tile columns; tiles past the matrix's edge padded with 0."""
    down = -(-total.shape[0] // rows)
    across = -(-total.shape[1] // columns)
    padded = numpy.zeros((down * rows, across * columns), total.dtype)
    padded[:total.shape[0], :total.shape[1]] = total
    return [padded[r * rows:(r + 1) * rows, c * columns:(c + 1) * columns] for r in range(down) for c in range(across)]


def tiled_full(ds):
    ds.DimensionOrganizationType = "TILED_FULL"
    for keyword in ("PerFrameFunctionalGroupsSequence", "DimensionIndexSequence"):
        if keyword in ds:
            del ds[keyword]
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=[ds.SOPInstanceUID, "tf"])
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.is_implicit_VR = False
    ds.is_little_endian = True


def main():
    corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    source = corpus / "seg_image_sm_control_labelmap.dcm"
    ds = pydicom.dcmread(str(source))
    total = total_matrix(ds)
    tiles = tiles_of(total, int(ds.Rows), int(ds.Columns))

    labelmap = pydicom.dcmread(str(source))
    tiled_full(labelmap)
    labelmap.NumberOfFrames = len(tiles)
    labelmap.PixelData = numpy.stack(tiles).astype(numpy.uint8).tobytes()
    labelmap.save_as(str(out / "tiled_full_labelmap.dcm"), write_like_original=False)

    binary = pydicom.dcmread(str(source))
    tiled_full(binary)
    binary.SOPClassUID = binary.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.66.4"
    binary.SegmentationType = "BINARY"
    binary.SegmentSequence = Sequence([s for s in binary.SegmentSequence if 1 <= int(s.SegmentNumber) <= 3])
    for keyword in ("PixelPaddingValue",):
        if keyword in binary:
            del binary[keyword]
    binary.BitsAllocated, binary.BitsStored, binary.HighBit = 1, 1, 0
    bits = numpy.concatenate([(tile == segment).astype(numpy.uint8).ravel()
                              for segment in (1, 2, 3) for tile in tiles])
    packed = numpy.packbits(bits, bitorder="little").tobytes()
    binary.PixelData = packed + (b"\0" if len(packed) % 2 else b"")
    binary["PixelData"].VR = "OB"
    binary.NumberOfFrames = 3 * len(tiles)
    binary.save_as(str(out / "tiled_full_binary.dcm"), write_like_original=False)


if __name__ == "__main__":
    main()
