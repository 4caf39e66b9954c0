#!/usr/bin/python3
"""Independent check of burned-in text removal in compressed images: the source decoded by dcmtk (dcmdjpeg +cn,
dcmdrle or dcmdjpls to a native file; YCbCr kept as coded), or for JPEG 2000 by GDCM (gdcmconv --raw, OpenJPEG
inside), and read by pydicom, against the de-identified file as
pydicom reads it. Both arrays are brought to stored values (right-aligned, sign-extended from Bits Stored, PS3.5
8.1.1), since pydicom 2.3 returns native words as they are.

    /usr/bin/python3 check_blanked.py SOURCE OUTPUT X Y WIDTH HEIGHT

prints a JSON object: transfer syntax, photometric interpretation and dtype of the output, whether every sample
inside the rectangle (in every frame) is the minimum of Bits Stored, and whether every sample outside equals the
source's.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy
import pydicom


def stored(ds):
    arr = ds.pixel_array
    shape = (int(ds.get("NumberOfFrames", 1) or 1), int(ds.Rows), int(ds.Columns), int(ds.SamplesPerPixel))
    arr = arr.reshape(shape).astype(numpy.int64)
    bits = int(ds.BitsStored)
    if bits < int(ds.BitsAllocated):
        arr = (arr >> (int(ds.HighBit) - bits + 1)) & ((1 << bits) - 1)
        if int(ds.PixelRepresentation) == 1:
            arr = numpy.where(arr >= 1 << (bits - 1), arr - (1 << bits), arr)
    return arr


def decoded_by_dcmtk(path):
    ts = str(pydicom.dcmread(path, stop_before_pixels=True).file_meta.TransferSyntaxUID)
    tool = {"1.2.840.10008.1.2.5": ["dcmdrle"], "1.2.840.10008.1.2.4.80": ["dcmdjpls"],
            "1.2.840.10008.1.2.4.81": ["dcmdjpls"], "1.2.840.10008.1.2.4.90": ["gdcmconv", "--raw"],
            "1.2.840.10008.1.2.4.91": ["gdcmconv", "--raw"]}.get(ts, ["dcmdjpeg", "+cn"])
    with tempfile.TemporaryDirectory() as folder:
        native = Path(folder) / "native.dcm"
        subprocess.run([*tool, path, str(native)], check=True, stderr=subprocess.DEVNULL)
        return stored(pydicom.dcmread(str(native)))


def main(source, output, x, y, width, height):
    x, y, width, height = int(x), int(y), int(width), int(height)
    before = decoded_by_dcmtk(source)
    out = pydicom.dcmread(output)
    after = stored(out)
    inside = numpy.zeros(after.shape[1:3], bool)
    inside[y:y + height, x:x + width] = True
    bits = int(out.BitsStored)
    minimum = -(1 << (bits - 1)) if int(out.PixelRepresentation) == 1 else 0
    json.dump({
        "transfer_syntax": str(out.file_meta.TransferSyntaxUID),
        "photometric": str(out.PhotometricInterpretation),
        "dtype": str(out.pixel_array.dtype),
        "shape_equal": before.shape == after.shape,
        "inside_is_minimum": bool((after[:, inside, :] == minimum).all()),
        "outside_equal": bool((after[:, ~inside, :] == before[:, ~inside, :]).all()),
        "outside_samples": int((~inside).sum()) * after.shape[0] * after.shape[3],
    }, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:])
