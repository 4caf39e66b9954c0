package dev.pulmo.spark.internal;

import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.dataset.CocoExport;
import dev.pulmo.dataset.ImageKey;
import dev.pulmo.geometry.CocoRle;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One image's COCO entry ({@link CocoExport.CocoImage}) as it travels from an executor to the driver: the entry's own
 * types hold {@code Optional}s and are not serializable. An RLE travels as its run lengths, so the driver writes the
 * same string the local command writes.
 */
public record CocoImageRow(String modality, CaseClass caseClass, String patientId, String series, String seq,
                           String fileName, int width, int height, ArrayList<ObjectRow> objects) implements Serializable {

    /** One object of the entry; {@code rleCounts} null for a polygon. */
    public record ObjectRow(int cocoCategoryId, int categoryId, double[] bbox, double area, int[] rleCounts, int rleWidth,
                            int rleHeight, ArrayList<double[]> rings) implements Serializable {
    }

    public static CocoImageRow of(CocoExport.CocoImage image) {
        ArrayList<ObjectRow> objects = new ArrayList<>(image.objects().size());
        for (CocoExport.CocoObject o : image.objects()) {
            CocoRle rle = o.rle().orElse(null);
            objects.add(new ObjectRow(o.cocoCategoryId(), o.categoryId(), o.bbox(), o.area(), rle == null ? null : rle.counts(),
                    rle == null ? 0 : rle.width(), rle == null ? 0 : rle.height(), new ArrayList<>(o.rings())));
        }
        ImageKey k = image.key();
        return new CocoImageRow(k.modality(), k.caseClass(), k.patientId(), k.series(), k.seq(), image.fileName(),
                image.width(), image.height(), objects);
    }

    /** The entry again. */
    public CocoExport.CocoImage toCocoImage() {
        List<CocoExport.CocoObject> list = new ArrayList<>(objects.size());
        for (ObjectRow o : objects) {
            Optional<CocoRle> rle = o.rleCounts() == null ? Optional.empty()
                    : Optional.of(CocoRle.fromCounts(o.rleCounts(), o.rleWidth(), o.rleHeight()));
            list.add(new CocoExport.CocoObject(o.cocoCategoryId(), o.categoryId(), o.bbox(), o.area(), rle, o.rings()));
        }
        return new CocoExport.CocoImage(new ImageKey(modality, caseClass, patientId, series, seq), fileName, width, height, list);
    }
}
