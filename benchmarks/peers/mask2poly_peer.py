#!/usr/bin/python3
"""Peer of `pulmo mask2poly --format geojson --out DIR`: what a user scripts with pydicom + OpenCV. For every binary
DICOM mask: read it, take the 8-connected components with their holes (cv2.findContours RETR_CCOMP), each one's pixel
area and box (cv2.connectedComponentsWithStats), and write one GeoJSON FeatureCollection per mask (atomically).
Usage: mask2poly_peer.py OUT_DIR MASK..."""
import json, os, sys
import numpy as np, cv2, pydicom

def features(mask):
    contours, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    if hierarchy is None:
        return out
    for i, c in enumerate(contours):
        if hierarchy[0][i][3] != -1:
            continue  # a hole: added to its outer ring below
        rings = [c.reshape(-1, 2).tolist()]
        child = hierarchy[0][i][2]
        while child != -1:
            rings.append(contours[child].reshape(-1, 2).tolist())
            child = hierarchy[0][child][0]
        x0, y0 = c[0][0]
        label = labels[y0, x0]
        x, y, w, h, area = stats[label]
        out.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": rings},
                    "properties": {"pixel_area": int(area), "polygon_area": float(cv2.contourArea(c)),
                                   "bbox": [int(x), int(y), int(x + w), int(y + h)]}})
    return out

if __name__ == "__main__":
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for path in sys.argv[2:]:
        mask = (pydicom.dcmread(path).pixel_array != 0).astype(np.uint8)
        name = os.path.basename(path).rsplit(".", 1)[0]
        tmp = os.path.join(out_dir, "." + name + ".geojson.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"type": "FeatureCollection", "features": features(mask)}, f)
        os.replace(tmp, os.path.join(out_dir, name + ".geojson"))
    print(len(sys.argv) - 2, "masks")
