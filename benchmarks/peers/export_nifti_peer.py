#!/usr/bin/env python3
"""Peer of `pulmo export-nifti ROOT --out DIR`: the same work with pydicom, numpy and nibabel.

    export_nifti_peer.py ROOT OUT PROCESSES

Per CT series of ROOT's tree: every slice read with pydicom, ordered along the normal (row x column direction) by
Image Position, stacked (stored values, int16) with the rescale as scl_slope/scl_inter and the affine from the DICOM
geometry (LPS to RAS), saved as OUT/imagesTr/<patient>_<series>_0000.nii.gz; the masks of each slice stacked into a
uint8 label volume (category id, the higher where two overlap) saved as OUT/labelsTr/<patient>_<series>.nii.gz.
Series are shared out to PROCESSES worker processes.
"""
import glob, os, sys
from multiprocessing import Pool

import nibabel as nib
import numpy as np
import pydicom

root, out, procs = sys.argv[1], sys.argv[2], int(sys.argv[3])
tree = os.path.join(root, 'lung_cancer') if os.path.isdir(os.path.join(root, 'lung_cancer')) else root


def one_series(folder):
    dcm = os.path.join(folder, 'dcm')
    ds = [pydicom.dcmread(os.path.join(dcm, f)) for f in sorted(os.listdir(dcm))]
    iop = np.array(ds[0].ImageOrientationPatient, dtype=float)
    row, col = iop[:3], iop[3:]
    normal = np.cross(row, col)
    ds.sort(key=lambda d: float(np.dot(normal, np.array(d.ImagePositionPatient, dtype=float))))
    rs, cs = (float(v) for v in ds[0].PixelSpacing)
    p0 = np.array(ds[0].ImagePositionPatient, dtype=float)
    p1 = np.array(ds[-1].ImagePositionPatient, dtype=float)
    lps = np.eye(4)
    lps[:3, 0], lps[:3, 1], lps[:3, 3] = row * cs, col * rs, p0
    lps[:3, 2] = (p1 - p0) / max(1, len(ds) - 1)
    affine = np.diag([-1, -1, 1, 1]) @ lps
    volume = np.stack([d.pixel_array for d in ds], axis=-1).transpose(1, 0, 2)
    img = nib.Nifti1Image(volume, affine)
    img.header.set_slope_inter(float(ds[0].get('RescaleSlope', 1)), float(ds[0].get('RescaleIntercept', 0)))
    labels = np.zeros(volume.shape, dtype=np.uint8)
    for k, d in enumerate(ds):
        stem = os.path.basename(d.filename)[:-4]
        for m in sorted(glob.glob(os.path.join(folder, 'binary', stem + '_*_binary.dcm'))):
            cat = int(os.path.basename(m).split('_')[4])
            px = pydicom.dcmread(m).pixel_array.T != 0
            labels[:, :, k] = np.where(px, np.maximum(labels[:, :, k], cat), labels[:, :, k])
    parts = os.path.relpath(folder, tree).split(os.sep)
    case = parts[2] + '_' + parts[3]
    nib.save(img, os.path.join(out, 'imagesTr', case + '_0000.nii.gz'))
    nib.save(nib.Nifti1Image(labels, affine), os.path.join(out, 'labelsTr', case + '.nii.gz'))
    return len(ds)


if __name__ == '__main__':
    os.makedirs(os.path.join(out, 'imagesTr'), exist_ok=True)
    os.makedirs(os.path.join(out, 'labelsTr'), exist_ok=True)
    folders = sorted(os.path.dirname(d) for d in glob.glob(os.path.join(tree, '*', '*', '*', '*', 'dcm')))
    with Pool(procs) as pool:
        slices = sum(pool.imap(one_series, folders, chunksize=1))
    print(len(folders), 'series', slices, 'slices')
