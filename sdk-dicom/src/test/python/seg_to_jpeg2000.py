#!/usr/bin/python3
"""Re-encodes the frames of a DICOM Segmentation as lossless JPEG 2000 with OpenJPEG's opj_compress, as highdicom
and PACS exports do: each frame's stored values (0/1 for BINARY, segment numbers for LABELMAP) as one codestream of
the given precision, encapsulated by pydicom under JPEG 2000 Image Compression (Lossless Only), 1.2.840.10008.1.2.4.90.
Bits Allocated stays as it was (1 for BINARY: the encapsulated frames are not bit-packed). GDCM's gdcmconv --j2k
refuses Bits Allocated 1 and does not know Label Map Segmentation Storage, so OpenJPEG's tool does the coding.

    /usr/bin/python3 seg_to_jpeg2000.py SOURCE OUTPUT PRECISION

PRECISION: the codestream's sample precision in bits (8: opj_compress 2.5 reads raw samples of at least 8 bits; its
raw reader refuses 1, and its PGX reader writes 8 for a 1-bit header).
"""
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy
import pydicom
from pydicom.encaps import encapsulate
from pydicom.uid import JPEG2000Lossless


def main(source, output, precision):
    ds = pydicom.dcmread(source)
    rows, columns = int(ds.Rows), int(ds.Columns)
    frames = ds.pixel_array.reshape(int(ds.get("NumberOfFrames", 1) or 1), rows, columns).astype(numpy.uint8)
    levels = max(1, min(6, min(rows, columns).bit_length() - 1))
    encoded = []
    with tempfile.TemporaryDirectory() as folder:
        for i, frame in enumerate(frames):
            raw = Path(folder) / ("f%d.raw" % i)
            j2k = Path(folder) / ("f%d.j2k" % i)
            raw.write_bytes(frame.tobytes())
            subprocess.run(["opj_compress", "-i", str(raw), "-o", str(j2k), "-F",
                            "%d,%d,1,%d,u" % (columns, rows, int(precision)), "-n", str(levels)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            encoded.append(j2k.read_bytes())
    ds.PixelData = encapsulate(encoded)
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
    ds.file_meta.TransferSyntaxUID = JPEG2000Lossless
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.save_as(output, write_like_original=False)


if __name__ == "__main__":
    main(*sys.argv[1:])
