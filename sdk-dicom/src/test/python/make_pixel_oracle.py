#!/usr/bin/python3
"""Write sdk-dicom's pixel oracle: what pydicom decodes from the shared DICOM corpus.

The Java tests of dev.pulmo.dicom.pixel compare their decoded frames with these numbers, which come
from pydicom 2.3.1 (Debian's python3-pydicom) and numpy only -- never from Pulmo's own output.

    apt-get update && apt-get install -y python3-pydicom python3-numpy python3-pil
    /usr/bin/python3 sdk-dicom/src/test/python/make_pixel_oracle.py \
        ../shared/testdata/dicom > sdk-dicom/src/test/resources/pixel-oracle.json

Per file: the Image Pixel attributes pydicom read, where the Pixel Data value lies in the file, and per frame the minimum, maximum and sum of the
samples, SHA-256 of the samples as signed 64-bit little-endian integers in (row, column, sample)
order, and the values at fixed and pseudo-random positions.  Native and RLE files are decoded by
pydicom's numpy handlers; JPEG files by Pillow/libjpeg-turbo ("lossy": another JPEG decoder may
differ by a grey level; the JDK's agrees exactly on these files).  Pillow returns JPEG samples without colour conversion when the Photometric
Interpretation is YBR_* (pydicom calls Image.draft('YCbCr')), so those are Y, Cb, Cr values.
"""
import hashlib
import json
import sys
import warnings
from pathlib import Path

import numpy
import PIL
import pydicom

EXACT = [
    "CT_small.dcm", "MR_small.dcm", "MR_small_RLE.dcm", "MR_small_bigendian.dcm",
    "MR_small_implicit.dcm", "ExplVR_BigEnd.dcm", "SC_rgb_small_odd.dcm", "SC_rgb_rle_2frame.dcm",
    "rtdose.dcm", "rtdose_rle_1frame.dcm", "dicomdirtests_77654033_CR1_6154.dcm", "dx_image.dcm",
    "examples_overlay.dcm", "liver_1frame.dcm", "seg_image_ct_binary.dcm",
    "seg_image_ct_binary_overlap.dcm", "seg_image_ct_binary_fractional.dcm",
    "seg_image_sm_control_labelmap.dcm", "chrFren.dcm", "image_dfl.dcm",
]
LOSSY = ["SC_rgb_jpeg.dcm", "SC_rgb_jpeg_dcmtk.dcm", "examples_ybr_color.dcm"]


def frames_of(ds):
    arr = ds.pixel_array
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    spp = int(ds.SamplesPerPixel)
    # normalise to (frame, row, column, sample)
    if frames == 1:
        arr = arr[numpy.newaxis, ...]
    if spp == 1:
        arr = arr[..., numpy.newaxis]
    return arr


def positions(rows, columns, spp):
    fixed = [(0, 0), (0, columns - 1), (rows - 1, 0), (rows - 1, columns - 1), (rows // 2, columns // 2)]
    rng = numpy.random.RandomState(20261124)
    fixed += [(int(rng.randint(rows)), int(rng.randint(columns))) for _ in range(11)]
    return [(r, c, s) for (r, c) in fixed for s in range(spp)]


def first(value):
    if value is None:
        return None
    if isinstance(value, pydicom.multival.MultiValue):
        value = value[0]
    return float(value)


def value_position(path, ds):
    """Where the Pixel Data value lies in the file: found by searching for the bytes pydicom holds
    (the stored bytes; for encapsulated data the items without the sequence delimiter).
    None for deflated files, whose dataset is not stored as is."""
    raw = path.read_bytes()
    at = raw.rfind(ds.PixelData)
    return None if at < 0 else {"offset": at, "length": len(ds.PixelData)}


def describe(path, lossy):
    ds = pydicom.dcmread(str(path), force=True)
    arr = frames_of(ds)
    n, rows, columns, spp = arr.shape
    result = {
        "high_bit": int(ds.HighBit),
        "planar_configuration": int(ds.get("PlanarConfiguration", 0) or 0),
        "rescale_slope": first(ds.get("RescaleSlope")),
        "rescale_intercept": first(ds.get("RescaleIntercept")),
        "window_center": first(ds.get("WindowCenter")),
        "window_width": first(ds.get("WindowWidth")),
        "pixel_data_value": value_position(path, ds),
        "transfer_syntax": str(ds.file_meta.TransferSyntaxUID),
        "rows": rows, "columns": columns, "samples_per_pixel": spp,
        "bits_allocated": int(ds.BitsAllocated), "bits_stored": int(ds.BitsStored),
        "pixel_representation": int(ds.PixelRepresentation),
        "photometric_interpretation": str(ds.PhotometricInterpretation),
        "number_of_frames": n, "lossy": lossy, "frames": [],
    }
    for k in range(n):
        frame = arr[k]
        wide = frame.astype("<i8")
        entry = {
            "min": int(wide.min()), "max": int(wide.max()), "sum": int(wide.sum()),
            "sha256_int64le": hashlib.sha256(wide.tobytes()).hexdigest(),
            "samples": [[r, c, s, int(wide[r, c, s])] for (r, c, s) in positions(rows, columns, spp)],
        }
        result["frames"].append(entry)
    return result


def main():
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/testdata/dicom")
    warnings.simplefilter("ignore")
    files = {name: describe(folder / name, False) for name in EXACT}
    files.update({name: describe(folder / name, True) for name in LOSSY})
    json.dump({
        "generator": "sdk-dicom/src/test/python/make_pixel_oracle.py",
        "pydicom": pydicom.__version__, "numpy": numpy.__version__, "pillow": PIL.__version__,
        "files": files,
    }, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
