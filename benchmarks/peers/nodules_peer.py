#!/usr/bin/env python3
"""Peer of `pulmo nodules ROOT --out FILE`: the same work with pydicom, numpy, scipy and OpenCV.

    nodules_peer.py ROOT OUT.csv PROCESSES

Per annotated series: the slice headers (no pixels) give the order along the normal and the spacing; per category the
masks are stacked (an empty slice where a slice has none) and labelled 26-connected with scipy.ndimage.label; each
component's voxels, volume, slice range, centroid in LPS and longest axial diameter (the greatest distance between
corners of its pixels on a slice, over the convex hull from cv2.convexHull) go to one CSV row. Series are shared out
to PROCESSES worker processes.
"""
import glob, os, sys
from multiprocessing import Pool

import cv2
import numpy as np
import pydicom
from scipy import ndimage

root, out, procs = sys.argv[1], sys.argv[2], int(sys.argv[3])
tree = os.path.join(root, 'lung_cancer') if os.path.isdir(os.path.join(root, 'lung_cancer')) else root
STRUCTURE = np.ones((3, 3, 3), dtype=bool)


def long_axis(mask2d, rs, cs):
    ys, xs = np.nonzero(mask2d)
    corners = np.concatenate([np.stack([xs + dx, ys + dy], axis=1) for dx in (0, 1) for dy in (0, 1)]).astype(np.float32)
    hull = cv2.convexHull(corners).reshape(-1, 2).astype(np.float64) * np.array([cs, rs])
    d = hull[:, None, :] - hull[None, :, :]
    return float(np.sqrt((d ** 2).sum(-1)).max())


def one_series(folder):
    if not glob.glob(os.path.join(folder, 'binary', '*.dcm')):
        return []
    dcm = os.path.join(folder, 'dcm')
    heads = [pydicom.dcmread(os.path.join(dcm, f), stop_before_pixels=True) for f in sorted(os.listdir(dcm))]
    iop = np.array(heads[0].ImageOrientationPatient, dtype=float)
    row, col = iop[:3], iop[3:]
    normal = np.cross(row, col)
    heads.sort(key=lambda d: float(np.dot(normal, np.array(d.ImagePositionPatient, dtype=float))))
    pos = [float(np.dot(normal, np.array(d.ImagePositionPatient, dtype=float))) for d in heads]
    spacing = min(b - a for a, b in zip(pos, pos[1:])) if len(pos) > 1 else float(heads[0].SliceThickness)
    rs, cs = (float(v) for v in heads[0].PixelSpacing)
    w, h = int(heads[0].Columns), int(heads[0].Rows)
    stacks = {}
    for k, d in enumerate(heads):
        stem = os.path.basename(d.filename)[:-4]
        for m in glob.glob(os.path.join(folder, 'binary', stem + '_*_binary.dcm')):
            cat = int(os.path.basename(m).split('_')[4])
            stacks.setdefault(cat, np.zeros((len(heads), h, w), dtype=bool))[k] = pydicom.dcmread(m).pixel_array != 0
    rows = []
    rel = os.path.relpath(folder, tree)
    for cat in sorted(stacks):
        labels, n = ndimage.label(stacks[cat], structure=STRUCTURE)
        for i, sl in enumerate(ndimage.find_objects(labels)):
            comp = labels[sl] == i + 1
            voxels = int(comp.sum())
            zz, yy, xx = np.nonzero(comp)
            zz, yy, xx = zz + sl[0].start, yy + sl[1].start, xx + sl[2].start
            centre = np.zeros(3)
            for z, y, x in zip(zz, yy, xx):
                p = np.array(heads[z].ImagePositionPatient, dtype=float)
                centre += p + row * cs * (x + 0.5 - 0.5) + col * rs * (y + 0.5 - 0.5)
            centre /= voxels
            axis = max(long_axis(comp[z], rs, cs) for z in range(comp.shape[0]) if comp[z].any())
            rows.append('%s,%d,%s,%s,%d,%.4f,%.4f,"[%.4f, %.4f, %.4f]"' % (
                rel, cat, heads[sl[0].start].InstanceNumber, heads[sl[0].stop - 1].InstanceNumber, voxels,
                voxels * rs * cs * spacing, axis, centre[0], centre[1], centre[2]))
    return rows


if __name__ == '__main__':
    folders = sorted(os.path.dirname(d) for d in glob.glob(os.path.join(tree, '*', '*', '*', '*', 'dcm')))
    with Pool(procs) as pool, open(out, 'w') as f:
        f.write('series,category_id,first_image,last_image,voxels,volume_mm3,long_axis_mm,centroid_lps\n')
        count = 0
        for rows in pool.imap(one_series, folders, chunksize=1):
            for r in rows:
                f.write(r + '\n')
                count += 1
    print(count, 'nodules')
