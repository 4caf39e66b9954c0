package dev.pulmo.evaluation;

import java.util.Locale;

/** What COCO's IoU compares: boxes ({@code bbox}) or masks ({@code segm}), COCOeval's {@code iouType}. */
public enum IouType {
    /** Boxes {@code [x, y, w, h]}, pycocotools' {@code bbIou}. */
    BBOX,
    /** Masks as COCO RLE, pycocotools' {@code rleIou}. */
    SEGM;

    /** COCOeval's name: {@code bbox} or {@code segm}. */
    public String cocoName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
