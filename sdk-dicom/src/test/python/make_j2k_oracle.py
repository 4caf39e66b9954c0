#!/usr/bin/python3
"""Write sdk-dicom's JPEG 2000 oracle: the corpus's JPEG 2000 files as pydicom decodes them through GDCM.

pydicom 2.3.1 (Debian's python3-pydicom) with its GDCM handler (python3-gdcm 3.0, which decodes with
OpenJPEG) -- never Pulmo's output. Same per-file, per-frame facts as make_pixel_oracle.py, whose
functions this script uses.

    apt-get update && apt-get install -y python3-pydicom python3-numpy python3-gdcm
    /usr/bin/python3 sdk-dicom/src/test/python/make_j2k_oracle.py \\
        ../shared/testdata/dicom > sdk-dicom/src/test/resources/j2k-oracle.json
"""
import json
import sys
import warnings
from pathlib import Path

import gdcm
import pydicom
from pydicom.pixel_data_handlers import gdcm_handler

import make_pixel_oracle

FILES = ["JPEG2000.dcm", "emri_small_jpeg_2k_lossless.dcm", "explicit_VR-UN.dcm"]


def main():
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/testdata/dicom")
    warnings.simplefilter("ignore")
    pydicom.config.pixel_data_handlers = [gdcm_handler]
    files = {name: make_pixel_oracle.describe(folder / name, "gdcm") for name in FILES}
    json.dump({"generator": "sdk-dicom/src/test/python/make_j2k_oracle.py", "pydicom": pydicom.__version__,
               "gdcm": gdcm.Version.GetVersion(), "files": files}, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
