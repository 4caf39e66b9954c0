#!/usr/bin/env python3
"""Writes a PACS-like export for the ingest tests, with pydicom (an independent writer).

    make_pacs_export.py OUT

OUT/src1: UID-named folders and files without extension (study/series/instance), several patients, studies and
modalities, planted exclusions and non-DICOM files; OUT/src2: a DICOMDIR file-set (pydicom's FileSet) of one more
patient. OUT/manifest.json names, per planted series label, the folder that holds its files, and lists every
identifying value planted (names, hospital ids, birth date, study date, addresses) for the leak check.
Deterministic: the same files every run.
"""
import json
import os
import random
import sys
import zlib

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.fileset import FileSet
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

DX = "1.2.840.10008.5.1.4.1.1.1.1"
CR = "1.2.840.10008.5.1.4.1.1.1"
CT = "1.2.840.10008.5.1.4.1.1.2"
PET = "1.2.840.10008.5.1.4.1.1.128"
SC = "1.2.840.10008.5.1.4.1.1.7"
SR = "1.2.840.10008.5.1.4.1.1.88.11"

STUDY_DATE = "20190304"
BIRTH_DATE = "19580312"
PATIENTS = {
    "H0001001": ("KIM^MINJUN", "M", "061Y", "12 Gangnam-daero, Seocho-gu, Seoul"),
    "H0002002": ("LEE^SEOYEON", "F", "054Y", "77 Haeundae-ro, Busan"),
    "H0003003": ("PARK^JIHO", "M", "047Y", "5 Dongseong-ro, Daegu"),
    "H0009009": ("CHOI^YUNA", "F", "070Y", "3 Jungang-ro, Incheon"),
}


def uid(*parts):
    return generate_uid(entropy_srcs=["pulmo-ingest-test"] + [str(p) for p in parts])


def base(hospital_id, study, series, instance, sop_class, modality, rows, cols):
    name, sex, age, address = PATIENTS[hospital_id]
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = uid(hospital_id, study, series, instance)
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = uid(hospital_id, study)
    ds.SeriesInstanceUID = uid(hospital_id, study, series)
    ds.FrameOfReferenceUID = uid(hospital_id, study, "frame")
    ds.PatientName = name
    ds.PatientID = hospital_id
    ds.OtherPatientIDs = "R" + hospital_id[1:]
    item = Dataset()
    item.PatientID = hospital_id
    item.IssuerOfPatientID = "SNUH"
    ds.OtherPatientIDsSequence = Sequence([item])
    ds.PatientBirthDate = BIRTH_DATE
    ds.PatientSex = sex
    ds.PatientAge = age
    ds.PatientAddress = address
    ds.InstitutionName = "Seoul Lung Hospital"
    ds.InstitutionAddress = address
    ds.ReferringPhysicianName = "JUNG^DOCTOR"
    ds.StudyDate = STUDY_DATE
    ds.SeriesDate = STUDY_DATE
    ds.AcquisitionDate = STUDY_DATE
    ds.ContentDate = STUDY_DATE
    ds.StudyTime = "101500"
    ds.ContentTime = "101501"
    ds.AccessionNumber = "A" + hospital_id[1:] + str(study)
    ds.StudyID = str(study)
    ds.Modality = modality
    ds.Manufacturer = "ACME"
    ds.ManufacturerModelName = "Lung-1"
    ds.SeriesNumber = series
    ds.InstanceNumber = instance
    ds.StudyDescription = "Chest study"
    req = Dataset()
    req.RequestedProcedureDescription = "Chest for " + name.replace("^", " ") + ", " + address
    req.RequestedProcedureID = hospital_id
    ds.RequestAttributesSequence = Sequence([req])
    # a private block holding the patient's address and ids, and a private sequence with the address again
    block = ds.private_block(0x0029, "ACME PATIENT 1.0", create=True)
    block.add_new(0x10, "LO", address)
    block.add_new(0x11, "LO", hospital_id)
    block.add_new(0x12, "PN", name)
    inner = Dataset()
    inner_block = inner.private_block(0x0029, "ACME PATIENT 1.0", create=True)
    inner_block.add_new(0x10, "LO", address)
    block.add_new(0x20, "SQ", Sequence([inner]))
    ds.Rows = rows
    ds.Columns = cols
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    rng = np.random.default_rng(zlib.crc32(f"{hospital_id}/{study}/{series}/{instance}".encode()))
    ds.PixelData = rng.integers(0, 4000, size=(rows, cols), dtype=np.uint16).tobytes()
    ds.BurnedInAnnotation = "NO"
    return ds


def ct_slice(hospital_id, study, series, i, n, z, thickness, image_type="ORIGINAL\\PRIMARY\\AXIAL", modality="CT",
             sop_class=CT):
    ds = base(hospital_id, study, series, n - i, sop_class, modality, 16, 16)  # Instance Number runs against position
    ds.ImageType = image_type.split("\\")
    ds.SliceThickness = str(thickness)
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.ImagePositionPatient = [-100, -100, z]
    ds.PixelSpacing = [0.7, 0.7]
    ds.BodyPartExamined = "CHEST"
    ds.RescaleIntercept = "-1024"
    ds.RescaleSlope = "1"
    return ds


def xray(hospital_id, study, series, view, sop_class=DX, modality="DX", burned_in=False):
    ds = base(hospital_id, study, series, 1, sop_class, modality, 32, 32)
    ds.ViewPosition = view
    ds.BodyPartExamined = "CHEST"
    ds.ImagerPixelSpacing = [0.2, 0.2]
    if burned_in:
        ds.BurnedInAnnotation = "YES"
    return ds


def write(ds, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    pydicom.dcmwrite(path, ds, write_like_original=False)


def main(out):
    src1 = os.path.join(out, "src1")
    manifest = {"series": {}, "identifiers": [], "dates": [STUDY_DATE, BIRTH_DATE], "zPositions": {}}
    rnd = random.Random(17)

    def series_files(label, datasets, flat=False):
        study_folder = os.path.join(src1, datasets[0].StudyInstanceUID)
        folder = study_folder if flat else os.path.join(study_folder, datasets[0].SeriesInstanceUID)
        order = list(range(len(datasets)))
        rnd.shuffle(order)  # file order is not position order
        for k in order:
            write(datasets[k], os.path.join(folder, datasets[k].SOPInstanceUID))
        manifest["series"][label] = folder

    def ct_series(hospital_id, study, series, zs, thickness, **kw):
        slices = [ct_slice(hospital_id, study, series, i, len(zs), z, thickness, **kw) for i, z in enumerate(zs)]
        for ds in slices[1:]:  # each slice refers to the series' first: references must still resolve after ingest
            ref = Dataset()
            ref.ReferencedSOPClassUID = slices[0].SOPClassUID
            ref.ReferencedSOPInstanceUID = slices[0].SOPInstanceUID
            ds.ReferencedImageSequence = Sequence([ref])
        return slices

    # patient 1: chest X-ray study (PA kept; AP and lateral left out) and a chest CT study with planted exclusions
    series_files("xr_pa", [xray("H0001001", 1, 1, "PA", burned_in=True)])
    series_files("xr_ap", [xray("H0001001", 1, 2, "AP")])
    series_files("xr_lateral", [xray("H0001001", 1, 3, "LL", sop_class=CR, modality="CR")])
    series_files("ct_5mm", ct_series("H0001001", 2, 2, [-50 + 5 * i for i in range(10)], 5))
    series_files("ct_1mm", ct_series("H0001001", 2, 3, [-50 + 1 * i for i in range(8)], 1))
    series_files("ct_12mm", ct_series("H0001001", 2, 4, [-50 + 12 * i for i in range(5)], 12))
    series_files("ct_gap", ct_series("H0001001", 2, 5, [-50 + 5 * i for i in range(10) if i not in (4, 5)], 5))
    head = ct_series("H0001001", 2, 6, [100 + 5 * i for i in range(4)], 5)
    for ds in head:
        ds.BodyPartExamined = "HEAD"
    series_files("ct_head", head)
    series_files("ct_scout", ct_series("H0001001", 2, 1, [0], 5, image_type="ORIGINAL\\PRIMARY\\LOCALIZER"))
    sr = base("H0001001", 2, 99, 1, SR, "SR", 1, 1)
    for k in ("Rows", "Columns", "SamplesPerPixel", "PhotometricInterpretation", "BitsAllocated", "BitsStored",
              "HighBit", "PixelRepresentation", "PixelData", "BurnedInAnnotation"):
        delattr(sr, k)
    series_files("ct_dose_report", [sr])
    # patient 2: a PET-CT study: its CT (not routed), its PET (kept), a fused screenshot (left out)
    series_files("petct_ct", ct_series("H0002002", 1, 1, [-60 + 3 * i for i in range(6)], 3))
    pet = ct_series("H0002002", 1, 2, [-60 + 4 * i for i in range(8)], 4, modality="PT", sop_class=PET)
    for ds in pet:
        ds.ImageType = ["ORIGINAL", "PRIMARY"]
        del ds.RescaleIntercept
        ds.Units = "BQML"
    series_files("pet", pet)
    shot = base("H0002002", 1, 3, 1, SC, "OT", 16, 16)
    shot.ConversionType = "WSD"
    series_files("pet_screenshot", [shot])
    # patient 9: not on the list
    series_files("unlisted_ct", ct_series("H0009009", 1, 1, [-50 + 5 * i for i in range(4)], 5))
    # files that are not DICOM, mixed in
    with open(os.path.join(src1, "README.TXT"), "w") as f:
        f.write("Exported by ACME PACS viewer 3.1\n")
    with open(os.path.join(src1, manifest["series"]["ct_5mm"].split(os.sep)[-2], "VIEWER.EXE"), "wb") as f:
        f.write(b"MZ\x90\x00" + bytes(range(256)) * 4)
    # patient 3: a chest CT in a DICOMDIR file-set (file names are pydicom's, not UIDs)
    fs = FileSet()
    cts = ct_series("H0003003", 1, 1, [-40 + 2.5 * i for i in range(6)], 2.5)
    for ds in cts:
        fs.add(ds)
    src2 = os.path.join(out, "src2")
    fs.write(src2)
    manifest["series"]["dicomdir_ct"] = os.path.dirname(os.path.join(src2, fs._instances[0].FileID.replace("\\", os.sep)))
    manifest["dicomdir"] = os.path.join(src2, "DICOMDIR")

    for hospital_id, (name, _, _, address) in PATIENTS.items():
        manifest["identifiers"] += [hospital_id, "R" + hospital_id[1:], name, name.replace("^", " "),
                                    name.split("^")[0], name.split("^")[1], address, "Seoul Lung Hospital",
                                    "JUNG^DOCTOR", "A" + hospital_id[1:] + "1", "A" + hospital_id[1:] + "2"]
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
