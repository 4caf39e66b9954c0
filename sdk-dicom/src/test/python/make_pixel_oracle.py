#!/usr/bin/python3
"""Write sdk-dicom's pixel oracle: what pydicom decodes from the shared DICOM corpus.

The Java tests of dev.pulmo.dicom.pixel compare their decoded frames with these numbers, which come
from pydicom 2.3.1 (Debian's python3-pydicom), numpy, Pillow and zlib -- never from Pulmo's output.

    apt-get update && apt-get install -y python3-pydicom python3-numpy python3-pil dcmtk
    /usr/bin/python3 sdk-dicom/src/test/python/make_pixel_oracle.py \\
        ../shared/testdata/dicom > sdk-dicom/src/test/resources/pixel-oracle.json

"files": per file the Image Pixel attributes pydicom read, and per frame the minimum, maximum and sum of the samples, SHA-256 of the samples
as signed 64-bit little-endian integers in (row, column, sample) order, and the values at fixed and
pseudo-random positions.  "decoder" says who decoded: pydicom's numpy handlers (native, RLE);
Pillow/libjpeg-turbo for JPEG (pydicom calls Image.draft('YCbCr') for YBR_* files, so those are Y,
Cb, Cr values; their conversion by pydicom's convert_color_space is under "rgb"); for Deflated Image
Frame Compression, which pydicom 2.3 cannot decode, zlib.decompress(frame, -15) of each frame from
pydicom's generate_pixel_data_frame, unpacked with numpy (1 bit, least significant bit first); for
JPEG Lossless, JPEG-LS and 12-bit JPEG, dcmtk's dcmdjpeg/dcmdjpls (Debian's dcmtk) to a native file that pydicom
reads (YCbCr kept as coded, dcmdjpeg +cn), and for JPEG also compared with pydicom + GDCM when python3-gdcm is
installed ("gdcm_agrees": true); "rgb_libjpeg": YCbCr JPEG frames as Pillow (8-bit) or dcmdjpeg (12-bit) convert
them to RGB (libjpeg's integer conversion);
"none" for syntaxes nobody here decodes (attributes only).

Also the JPEG Lossless, JPEG-LS and DCT JPEG files of src/test/resources/jpeg-lossless, jpeg-ls and jpeg-dct
(made by make_jpeg_lossless_fixtures.sh, make_jpeg_ls_fixtures.sh, make_jpeg_dct_fixtures.sh), keyed by their
path there, decoded the dcmtk way (8-bit DCT JPEG: by Pillow, as pydicom does). The decoders are chosen
explicitly, so an installed python3-gdcm (which pydicom would try first) changes nothing. And the RLE files with
Bits Allocated 1 of src/test/resources/rle-1bit (make_rle_1bit_fixtures.py), "rle-segments": each frame's segment
decoded by pydicom's own PackBits decoder, one byte per pixel, as pydicom 3.1 reads them.

"grey8": frames rendered to 8-bit grey by pydicom's apply_modality_lut and apply_windowing, for the
lung (-600/1500), mediastinum (40/400) and a width-1 window on CT, and the files' own windows.
"""
import hashlib
import io
import json
import subprocess
import sys
import tempfile
import warnings
import zlib
from pathlib import Path

import numpy
import PIL
import pydicom
from pydicom import config
from pydicom.encaps import generate_pixel_data_frame
from pydicom.pixel_data_handlers import gdcm_handler, numpy_handler, pillow_handler, rle_handler
from pydicom.pixel_data_handlers.util import apply_modality_lut, apply_windowing, convert_color_space
from PIL import Image

# the handlers each decoder name stands for, so that an installed GDCM (which pydicom would try first) changes nothing
HANDLERS = {"pydicom": [numpy_handler, rle_handler], "pillow": [pillow_handler]}

PYDICOM = [
    "CT_small.dcm", "MR_small.dcm", "MR_small_RLE.dcm", "MR_small_bigendian.dcm",
    "MR_small_implicit.dcm", "ExplVR_BigEnd.dcm", "SC_rgb_small_odd.dcm", "SC_rgb_rle_2frame.dcm",
    "rtdose.dcm", "rtdose_rle_1frame.dcm", "dicomdirtests_77654033_CR1_6154.dcm", "dx_image.dcm",
    "examples_overlay.dcm", "liver_1frame.dcm", "seg_image_ct_binary.dcm",
    "seg_image_ct_binary_overlap.dcm", "seg_image_ct_binary_fractional.dcm",
    "seg_image_sm_control_labelmap.dcm", "chrFren.dcm", "image_dfl.dcm",
]
PILLOW = ["SC_rgb_jpeg.dcm", "SC_rgb_jpeg_dcmtk.dcm", "examples_ybr_color.dcm"]
ZLIB = ["liver_deflate.dcm"]
DCMTK = ["JPEG-LL.dcm", "SC_rgb_jpeg_gdcm.dcm", "MR_small_jpeg_ls_lossless.dcm", "JLSN_RGB_ILV0.dcm",
         "sm_image_jpegls.dcm", "JPGExtended.dcm"]
NONE = ["JPEG2000.dcm", "emri_small_jpeg_2k_lossless.dcm", "explicit_VR-UN.dcm"]
# (file, window centre, window width): None means the file's own first window
GREY8 = [
    ("CT_small.dcm", -600.0, 1500.0), ("CT_small.dcm", 40.0, 400.0), ("CT_small.dcm", 100.0, 1.0),
    ("MR_small.dcm", None, None), ("dicomdirtests_77654033_CR1_6154.dcm", None, None),
    ("dx_image.dcm", None, None),
]


def frames_of(ds):
    """ds.pixel_array as (frame, row, column, sample)."""
    arr = ds.pixel_array
    if int(ds.get("NumberOfFrames", 1) or 1) == 1:
        arr = arr[numpy.newaxis, ...]
    if int(ds.SamplesPerPixel) == 1:
        arr = arr[..., numpy.newaxis]
    return arr


def inflated_frames(ds):
    rows, columns = int(ds.Rows), int(ds.Columns)
    n = int(ds.get("NumberOfFrames", 1) or 1)
    out = []
    for frame in generate_pixel_data_frame(ds.PixelData, n):
        raw = numpy.frombuffer(zlib.decompress(frame, -15), dtype=numpy.uint8)
        if ds.BitsAllocated == 1:
            values = numpy.unpackbits(raw, bitorder="little")[: rows * columns]
        else:
            values = raw[: rows * columns]
        out.append(values.reshape(rows, columns, 1))
    return numpy.stack(out)


def dcmtk_frames(path, transfer_syntax, photometric):
    """JPEG Lossless, JPEG-LS and 12-bit JPEG, which pydicom 2.3 cannot decode without GDCM or pylibjpeg:
    dcmtk's dcmdjpeg or dcmdjpls writes the file with native Pixel Data, which pydicom then reads. YCbCr is kept
    as coded (dcmdjpeg +cn), as the Java decoders return it."""
    tool = ["dcmdjpls"] if transfer_syntax.startswith("1.2.840.10008.1.2.4.8") else ["dcmdjpeg"]
    if photometric.startswith("YBR") and tool == ["dcmdjpeg"]:
        tool.append("+cn")
    with tempfile.TemporaryDirectory() as folder:
        native = Path(folder) / "native.dcm"
        subprocess.run([*tool, str(path), str(native)], check=True)
        return frames_of(pydicom.dcmread(str(native)))


def gdcm_agrees(path, frames):
    """A second opinion on dcmtk's JPEG decoding: pydicom with GDCM (python3-gdcm), when installed. A disagreement
    stops the script; None when GDCM is not there."""
    if not gdcm_handler.is_available():
        return None
    previous, config.pixel_data_handlers = config.pixel_data_handlers, [gdcm_handler]
    try:
        ours = frames_of(pydicom.dcmread(str(path)))
    finally:
        config.pixel_data_handlers = previous
    if not numpy.array_equal(ours.astype(numpy.int64), frames.astype(numpy.int64)):
        sys.exit(f"{path}: GDCM and dcmtk decode differently")
    return True


def rle_segment_frames(ds):
    """RLE Lossless with Bits Allocated 1, which pydicom 2.3 refuses: each frame's one segment decoded by pydicom's
    own PackBits decoder (rle_handler._rle_decode_segment) to one byte per pixel, as pydicom 3.1 reads it."""
    from pydicom.pixel_data_handlers.rle_handler import _parse_rle_header, _rle_decode_segment
    rows, columns = int(ds.Rows), int(ds.Columns)
    n = int(ds.get("NumberOfFrames", 1) or 1)
    out = []
    for frame in generate_pixel_data_frame(ds.PixelData, n):
        offsets = _parse_rle_header(frame[:64])
        if len(offsets) != 1:
            sys.exit(f"{ds.filename}: {len(offsets)} RLE segments, expected 1 for Bits Allocated 1")
        plane = numpy.frombuffer(_rle_decode_segment(frame[offsets[0]:]), dtype=numpy.uint8)[: rows * columns]
        out.append(plane.reshape(rows, columns, 1))
    return numpy.stack(out)


def dcmtk_rgb(path):
    """A YCbCr JPEG file as dcmdjpeg converts it to RGB by default (IJG libjpeg's conversion, at the stream's
    precision)."""
    with tempfile.TemporaryDirectory() as folder:
        native = Path(folder) / "rgb.dcm"
        subprocess.run(["dcmdjpeg", str(path), str(native)], check=True, stderr=subprocess.DEVNULL)
        return frames_of(pydicom.dcmread(str(native)))


def libjpeg_rgb(ds, frames):
    """YCbCr JPEG frames as Pillow converts them to RGB (libjpeg-turbo's own YCbCr to RGB, the one dcmdjpeg and
    GDCM use too), or None when libjpeg did not convert (the stream says it is not YCbCr)."""
    n = int(ds.get("NumberOfFrames", 1) or 1)
    out = []
    for k, frame in enumerate(generate_pixel_data_frame(ds.PixelData, n)):
        image = Image.open(io.BytesIO(frame))
        if image.mode != "RGB":
            return None
        rgb = numpy.asarray(image)
        if numpy.array_equal(rgb, frames[k]):
            return None
        out.append(rgb)
    return numpy.stack(out)


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


def sha256(arr):
    return hashlib.sha256(numpy.ascontiguousarray(arr).tobytes()).hexdigest()


def frame_facts(frame):
    wide = frame.astype("<i8")
    return {
        "min": int(wide.min()), "max": int(wide.max()), "sum": int(wide.sum()), "sha256_int64le": sha256(wide),
        "samples": [[r, c, s, int(wide[r, c, s])] for (r, c, s) in positions(*wide.shape)],
    }


def describe(path, decoder):
    ds = pydicom.dcmread(str(path), force=True)
    result = {
        "transfer_syntax": str(ds.file_meta.TransferSyntaxUID),
        "rows": int(ds.Rows), "columns": int(ds.Columns), "samples_per_pixel": int(ds.SamplesPerPixel),
        "bits_allocated": int(ds.BitsAllocated), "bits_stored": int(ds.BitsStored), "high_bit": int(ds.HighBit),
        "pixel_representation": int(ds.PixelRepresentation),
        "planar_configuration": int(ds.get("PlanarConfiguration", 0) or 0),
        "photometric_interpretation": str(ds.PhotometricInterpretation),
        "number_of_frames": int(ds.get("NumberOfFrames", 1) or 1),
        "rescale_slope": first(ds.get("RescaleSlope")), "rescale_intercept": first(ds.get("RescaleIntercept")),
        "window_center": first(ds.get("WindowCenter")), "window_width": first(ds.get("WindowWidth")),
        "decoder": decoder,
    }
    if decoder == "none":
        return result
    config.pixel_data_handlers = HANDLERS.get(decoder, HANDLERS["pydicom"])
    dcmtk = lambda _: dcmtk_frames(path, result["transfer_syntax"], result["photometric_interpretation"])
    arr = {"zlib": inflated_frames, "dcmtk": dcmtk, "rle-segments": rle_segment_frames}.get(decoder, frames_of)(ds)
    result["frames"] = [frame_facts(frame) for frame in arr]
    if decoder == "dcmtk" and result["transfer_syntax"] in ("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"):
        result["gdcm_agrees"] = gdcm_agrees(path, arr)
    if result["photometric_interpretation"].startswith("YBR"):
        result["rgb"] = {str(k): frame_facts(convert_color_space(arr[k], result["photometric_interpretation"], "RGB"))
                         for k in sorted({0, len(arr) - 1})}
        rgb = None
        if decoder == "pillow":
            rgb = libjpeg_rgb(ds, arr)
        elif decoder == "dcmtk" and result["transfer_syntax"] in pillow_handler.PillowJPEGTransferSyntaxes:
            rgb = dcmtk_rgb(path)
        if rgb is not None:
            result["rgb_libjpeg"] = [frame_facts(frame) for frame in rgb]
    return result


def grey8(folder, name, center, width):
    """The frame through pydicom's apply_modality_lut and apply_windowing (linear VOI function, output
    range y_min..y_max of the rescaled stored range), scaled to 0..255 and rounded half up; MONOCHROME1
    inverted.  The scaling is linear, so this is the standard's function with ymin 0 and ymax 255."""
    ds = pydicom.dcmread(str(folder / name), force=True)
    if center is not None:
        ds.WindowCenter, ds.WindowWidth = center, width
    arr = ds.pixel_array
    bits = ds.BitsStored
    y_min, y_max = (0, 2 ** bits - 1) if ds.PixelRepresentation == 0 else (-2 ** (bits - 1), 2 ** (bits - 1) - 1)
    if "RescaleSlope" in ds:
        y_min, y_max = y_min * ds.RescaleSlope + ds.RescaleIntercept, y_max * ds.RescaleSlope + ds.RescaleIntercept
    windowed = apply_windowing(apply_modality_lut(arr, ds), ds)
    levels = numpy.floor((windowed - y_min) / (y_max - y_min) * 255 + 0.5).astype(numpy.uint8)
    if ds.PhotometricInterpretation == "MONOCHROME1":
        levels = 255 - levels
    return {
        "file": name, "window_center": first(ds.WindowCenter), "window_width": first(ds.WindowWidth),
        "sha256_uint8": sha256(levels), "sum": int(levels.astype(numpy.int64).sum()),
        "samples": [[r, c, int(levels[r, c])] for (r, c, _) in positions(*levels.shape, 1)],
    }


def main():
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/testdata/dicom")
    warnings.simplefilter("ignore")
    files = {}
    for names, decoder in ((PYDICOM, "pydicom"), (PILLOW, "pillow"), (ZLIB, "zlib"), (DCMTK, "dcmtk"),
                           (NONE, "none")):
        files.update({name: describe(folder / name, decoder) for name in names})
    # made by make_jpeg_lossless_fixtures.sh, make_jpeg_ls_fixtures.sh and make_jpeg_dct_fixtures.sh; keys are
    # paths under src/test/resources. 8-bit DCT JPEG is decoded by Pillow (libjpeg-turbo), the rest by dcmtk.
    resources = Path(__file__).resolve().parent.parent / "resources"
    for path in sorted([*(resources / "jpeg-lossless").glob("*.dcm"), *(resources / "jpeg-ls").glob("*.dcm")]):
        files[str(path.relative_to(resources))] = describe(path, "dcmtk")
    for path in sorted((resources / "rle-1bit").glob("*.dcm")):
        files[str(path.relative_to(resources))] = describe(path, "rle-segments")
    for path in sorted((resources / "jpeg-dct").glob("*.dcm")):
        ds = pydicom.dcmread(str(path))
        pillow = int(ds.BitsStored) <= 8 and ds.file_meta.TransferSyntaxUID in pillow_handler.PillowJPEGTransferSyntaxes
        files[str(path.relative_to(resources))] = describe(path, "pillow" if pillow else "dcmtk")
    json.dump({
        "generator": "sdk-dicom/src/test/python/make_pixel_oracle.py",
        "pydicom": pydicom.__version__, "numpy": numpy.__version__, "pillow": PIL.__version__,
        "files": files,
        "grey8": [grey8(folder, *entry) for entry in GREY8],
    }, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
