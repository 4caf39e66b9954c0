#!/usr/bin/python3
"""RLE Lossless files with Bits Allocated 1 (binary SEGs and masks), as pydicom 3.1 and highdicom write them:
each frame's 1-bit pixels are unpacked to one byte per pixel (0 or 1) and RLE-coded as 8-bit data, one segment
(PS3.5 G.2: the composite pixel code padded to 8 bits). pydicom 2.3.1 (Debian's) encodes, numpy unpacks; the bits
come from pydicom's reading of the native corpus files, or from a seeded random mask whose frames do not end on a
byte (37 x 23 pixels).

    /usr/bin/python3 sdk-dicom/src/test/python/make_rle_1bit_fixtures.py ../shared/testdata/dicom \\
        sdk-dicom/src/test/resources/rle-1bit
"""
import sys
from pathlib import Path

import numpy
import pydicom
from pydicom.encaps import encapsulate
from pydicom.encoders import RLELosslessEncoder
from pydicom.uid import RLELossless


def frames_of(ds):
    arr = ds.pixel_array
    return arr[numpy.newaxis, ...] if int(ds.get("NumberOfFrames", 1) or 1) == 1 else arr


def rle_frames(bits):
    """One RLE frame per (rows, columns) array of 0/1, coded as 8-bit samples."""
    out = []
    for frame in bits:
        out.append(RLELosslessEncoder.encode(
            numpy.ascontiguousarray(frame, dtype=numpy.uint8), rows=frame.shape[0], columns=frame.shape[1],
            number_of_frames=1, samples_per_pixel=1, bits_allocated=8, bits_stored=8, pixel_representation=0,
            photometric_interpretation="MONOCHROME2", encoding_plugin="pydicom"))
    return out


def as_rle(ds, bits, target):
    ds.PixelData = encapsulate(rle_frames(bits), has_bot=True)
    ds["PixelData"].is_undefined_length = True
    ds["PixelData"].VR = "OB"
    ds.file_meta.TransferSyntaxUID = RLELossless
    ds.is_implicit_VR = False
    ds.is_little_endian = True
    ds.save_as(str(target), write_like_original=False)


def main():
    corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for name in ("seg_image_ct_binary.dcm", "liver_1frame.dcm"):
        ds = pydicom.dcmread(str(corpus / name))
        as_rle(ds, frames_of(ds), out / name.replace(".dcm", "_rle.dcm"))
    # a mask whose frames are not a whole number of bytes: the native layout would run frames together
    ds = pydicom.dcmread(str(corpus / "liver_1frame.dcm"))
    rng = numpy.random.RandomState(20261207)
    bits = (rng.rand(3, 23, 37) < 0.3).astype(numpy.uint8)
    ds.Rows, ds.Columns, ds.NumberOfFrames = 23, 37, 3
    # a plain multi-frame Secondary Capture image, not a Segmentation
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7.1"
    ds.Modality = "OT"
    for keyword in ("PerFrameFunctionalGroupsSequence", "SharedFunctionalGroupsSequence", "SegmentSequence",
                    "SegmentationType", "DimensionIndexSequence", "DimensionOrganizationSequence",
                    "ReferencedSeriesSequence", "SegmentsOverlap", "ContentLabel"):
        if keyword in ds:
            del ds[keyword]
    as_rle(ds, bits, out / "random_37x23x3_rle.dcm")


if __name__ == "__main__":
    main()
