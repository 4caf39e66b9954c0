#!/usr/bin/python3
"""The peer of `pulmo pixels` as a user scripts it today: pydicom (with GDCM for 12-bit JPEG) reads each file's
pixel_array and numpy.save writes it, one process for the whole folder.

    /usr/bin/python3 benchmarks/pixels_peer.py IN_DIR OUT_DIR
"""
import sys
import warnings
from pathlib import Path

import numpy
import pydicom


def main(source, target):
    warnings.simplefilter("ignore")
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.dcm")):
        arr = pydicom.dcmread(str(path)).pixel_array
        numpy.save(str(target / (path.stem + ".npy")), arr)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
