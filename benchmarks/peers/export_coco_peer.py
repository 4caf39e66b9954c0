#!/usr/bin/env python3
"""Peer of `pulmo export-coco --out DIR [--images png|none]`: the same work with pydicom, numpy and OpenCV.

    export_coco_peer.py ROOT OUT png|none PROCESSES

Every DICOM image of ROOT's lung_cancer tree, in sorted order, becomes a COCO image entry (width, height from the
header); with png its first frame goes through Rescale Slope/Intercept and the lung window (centre -600, width 1500,
PS3.3 C.11.2.1.2.1's linear function) to 8 bits and is written as OUT/images/<path>.png with cv2.imwrite; each image's
guideline JSON gives its annotations (bbox [x, y, w, h], polygon, area). One OUT/coco.json. Series are shared out to
PROCESSES worker processes (pulmo uses one thread per core).
"""
import json, os, sys
from multiprocessing import Pool

import cv2
import numpy as np
import pydicom

root, out, mode, procs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
tree = os.path.join(root, 'lung_cancer') if os.path.isdir(os.path.join(root, 'lung_cancer')) else root


def series_folders():
    found = []
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames.sort()
        if os.path.basename(dirpath) == 'dcm':
            found.append(os.path.dirname(dirpath))
    return sorted(found)


def one_series(folder):
    entries = []
    dcm = os.path.join(folder, 'dcm')
    for name in sorted(os.listdir(dcm)):
        path = os.path.join(dcm, name)
        rel = os.path.relpath(path, tree)
        ds = pydicom.dcmread(path, stop_before_pixels=(mode == 'none'))
        w, h = int(ds.Columns), int(ds.Rows)
        if mode == 'png':
            x = ds.pixel_array.astype(np.float32) * float(ds.get('RescaleSlope', 1)) + float(ds.get('RescaleIntercept', 0))
            c, width = -600.0, 1500.0
            y = ((x - (c - 0.5)) / (width - 1) + 0.5) * 255
            y = np.where(x <= c - 0.5 - (width - 1) / 2, 0, np.where(x > c - 0.5 + (width - 1) / 2, 255, y))
            png = os.path.join(out, 'images', rel[:-4] + '.png')
            os.makedirs(os.path.dirname(png), exist_ok=True)
            cv2.imwrite(png, np.floor(y + 0.5).astype(np.uint8))
            file_name = rel[:-4] + '.png'
        else:
            file_name = rel
        anns = []
        js = os.path.join(folder, 'json', name[:-4] + '.json')
        if os.path.exists(js):
            with open(js, encoding='utf-8') as f:
                doc = json.load(f)
            for a in doc['annotations']:
                x1, y1, x2, y2 = a['bbox']
                seg = a['segmentation']
                ring = seg[0] if seg and isinstance(seg[0], list) else seg
                anns.append({'category_id': 200 + a['category_id'], 'bbox': [x1, y1, x2 - x1, y2 - y1],
                             'area': a['area'], 'segmentation': [ring], 'iscrowd': 0})
        entries.append((file_name, w, h, anns))
    return entries


if __name__ == '__main__':
    os.makedirs(out, exist_ok=True)
    images, annotations = [], []
    with Pool(procs) as pool:
        for entries in pool.imap(one_series, series_folders(), chunksize=1):
            for file_name, w, h, anns in entries:
                images.append({'id': len(images) + 1, 'file_name': file_name, 'width': w, 'height': h})
                for a in anns:
                    a['id'] = len(annotations) + 1
                    a['image_id'] = len(images)
                    annotations.append(a)
    categories = [{'id': 200 + i, 'name': str(i), 'supercategory': 'CCT'} for i in range(1, 10)]
    with open(os.path.join(out, 'coco.json'), 'w') as f:
        json.dump({'info': {'description': 'peer'}, 'images': images, 'annotations': annotations,
                   'categories': categories}, f)
    print(len(images), 'images', len(annotations), 'annotations')
