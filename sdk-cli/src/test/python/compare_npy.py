#!/usr/bin/python3
"""Independent check of `pulmo pixels`: each .npy file, loaded by numpy, against pydicom's pixel_array of its DICOM
file (pydicom 2.3 with whatever handlers are installed: numpy, RLE, Pillow, GDCM).

    /usr/bin/python3 compare_npy.py DICOM NPY [DICOM NPY ...]

prints one JSON object: per DICOM file name, "equal", "differs: ...", "not written" (no NPY file) or "pydicom cannot
decode: ...". Before comparing,
pydicom's array is brought to what `pulmo pixels` documents (PS3.5 8.1.1, 8.2), never to Pulmo's output:
- shape (frames, rows, columns[, samples]): a frames axis is added to single-frame arrays;
- little-endian dtype of the same kind and size (pydicom keeps a big-endian file's byte order);
- values right-aligned and sign-extended from Bits Stored (pydicom 2.3 returns the raw words, unused high bits and
  all, for native data);
- YBR_FULL/YBR_FULL_422 colour in JPEG files converted to RGB as libjpeg does: Pillow's own RGB decoding of each frame
  (pydicom 2.3 returns YCbCr).
"""
import io
import json
import os
import sys
import warnings

import numpy
import pydicom
from pydicom.encaps import generate_pixel_data_frame

JPEG_DCT = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"}


def expected(ds):
    arr = ds.pixel_array
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    samples = int(ds.SamplesPerPixel)
    photometric = str(ds.PhotometricInterpretation)
    if photometric.startswith("YBR_FULL") and ds.file_meta.TransferSyntaxUID in JPEG_DCT:
        from PIL import Image
        rgb = [numpy.asarray(Image.open(io.BytesIO(f)).convert("RGB"))
               for f in generate_pixel_data_frame(ds.PixelData, frames)]
        arr = numpy.stack(rgb).astype(arr.dtype)
    shape = (frames, int(ds.Rows), int(ds.Columns)) + ((samples,) if samples > 1 else ())
    arr = arr.reshape(shape)
    bits_allocated, bits_stored = int(ds.BitsAllocated), int(ds.BitsStored)
    if 1 < bits_stored < bits_allocated:
        shift = int(ds.HighBit) - bits_stored + 1
        wide = (arr.astype(numpy.int64) >> shift) & ((1 << bits_stored) - 1)
        if int(ds.PixelRepresentation) == 1:
            wide = numpy.where(wide >= 1 << (bits_stored - 1), wide - (1 << bits_stored), wide)
        arr = wide.astype(arr.dtype)
    return arr


def main(args):
    warnings.simplefilter("ignore")
    report = {}
    for dicom, npy in zip(args[0::2], args[1::2]):
        name = dicom.split("/")[-1]
        try:
            ds = pydicom.dcmread(dicom, force=True)
            want = expected(ds)
        except Exception as e:  # what pydicom cannot decode is not compared
            report[name] = "pydicom cannot decode: " + f"{type(e).__name__}: {e}"[:200]
            continue
        if not os.path.exists(npy):
            report[name] = "not written"
            continue
        got = numpy.load(npy)
        # the dtype is the kind and size; pydicom keeps a big-endian file's byte order, .npy files are little endian
        want = want.astype(want.dtype.newbyteorder("<"))
        if got.dtype != want.dtype:
            report[name] = f"differs: dtype {got.dtype}, pydicom {want.dtype}"
        elif got.shape != want.shape:
            report[name] = f"differs: shape {got.shape}, pydicom {want.shape}"
        elif not numpy.array_equal(got, want):
            report[name] = f"differs: {int((got != want).sum())} values"
        else:
            report[name] = "equal"
    json.dump(report, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
