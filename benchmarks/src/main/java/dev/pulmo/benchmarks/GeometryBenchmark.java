package dev.pulmo.benchmarks;

import dev.pulmo.geometry.BinaryMask;
import dev.pulmo.geometry.CocoRle;
import dev.pulmo.geometry.MaskRasterizer;
import dev.pulmo.geometry.MaskTracer;
import dev.pulmo.geometry.ShapeEdit;
import dev.pulmo.geometry.TracedComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per mask of the geometry engine on the {@code gen_masks.py} corpora, each call taking the next mask of the
 * corpus in turn, so the average covers every mask as the peers' per-mask figures do ({@code peers.py}). Inputs an
 * operation needs (traced polygons, RLEs, shifted pairs) are prepared untimed, as in {@code peers.py}.
 *
 * <p>Peers: trace ↔ cv2 findContours (CCOMP, SIMPLE) + contourArea + boundingRect; rasterize ↔ cv2.fillPoly and
 * pycocotools frPyObjects+merge+decode; rleEncode/rleDecode ↔ pycocotools encode/decode; add/subtract ↔ shapely
 * union/difference of the largest 4-connected polygon and its copy shifted by 10% / 6% of its width / height.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class GeometryBenchmark {

    @Param({"ct512", "xray2048"})
    String corpus;

    private BinaryMask[] masks;
    private Geometry[] traced;
    private List<List<double[]>> cocoPolygons;
    private CocoRle[] rles;
    private Geometry[][] pairs;
    private int next;

    @Setup
    public void load() {
        masks = MaskCorpus.load(corpus);
        traced = new Geometry[masks.length];
        cocoPolygons = new ArrayList<>();
        rles = new CocoRle[masks.length];
        List<Geometry[]> pairList = new ArrayList<>();
        for (int i = 0; i < masks.length; i++) {
            traced[i] = MaskTracer.traceGeometry(masks[i]);
            rles[i] = CocoRle.encode(masks[i]);
            List<double[]> outer = new ArrayList<>();
            Polygon largest = null;
            for (int k = 0; k < traced[i].getNumGeometries(); k++) {
                Polygon piece = (Polygon) traced[i].getGeometryN(k);
                Coordinate[] shell = piece.getExteriorRing().getCoordinates();
                double[] xy = new double[2 * (shell.length - 1)];
                for (int p = 0; p < shell.length - 1; p++) {
                    xy[2 * p] = shell[p].x;
                    xy[2 * p + 1] = shell[p].y;
                }
                outer.add(xy);
                if (largest == null || piece.getArea() > largest.getArea()) {
                    largest = piece;
                }
            }
            cocoPolygons.add(outer);
            if (largest != null) {
                Envelope e = largest.getEnvelopeInternal();
                double dx = Math.max(1.0, Math.rint(0.10 * e.getWidth())), dy = Math.max(1.0, Math.rint(0.06 * e.getHeight()));
                pairList.add(new Geometry[] {largest, AffineTransformation.translationInstance(dx, dy).transform(largest)});
            }
        }
        pairs = pairList.toArray(new Geometry[0][]);
    }

    private int nextIndex(int size) {
        int i = next;
        next = i + 1 >= size ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public List<TracedComponent> trace() {
        return MaskTracer.trace(masks[nextIndex(masks.length)]);
    }

    @Benchmark
    public BinaryMask rasterize() {
        int i = nextIndex(masks.length);
        return MaskRasterizer.rasterize(traced[i], masks[i].width(), masks[i].height());
    }

    /** The same fill without JTS's validity check (the traced polygons are valid by construction). */
    @Benchmark
    public BinaryMask rasterizeKnownValid() {
        int i = nextIndex(masks.length);
        return MaskRasterizer.rasterizeKnownValid(traced[i], masks[i].width(), masks[i].height());
    }

    @Benchmark
    public BinaryMask rasterizeLikePycocotools() {
        int i = nextIndex(masks.length);
        List<double[]> polygons = cocoPolygons.get(i);
        return polygons.isEmpty() ? null : CocoRle.fromPolygons(polygons, masks[i].width(), masks[i].height()).decode();
    }

    @Benchmark
    public CocoRle rleEncode() {
        return CocoRle.encode(masks[nextIndex(masks.length)]);
    }

    @Benchmark
    public BinaryMask rleDecode() {
        return rles[nextIndex(rles.length)].decode();
    }

    @Benchmark
    public Geometry add() {
        Geometry[] pair = pairs[nextIndex(pairs.length)];
        return ShapeEdit.add(pair[0], pair[1]);
    }

    @Benchmark
    public Geometry subtract() {
        Geometry[] pair = pairs[nextIndex(pairs.length)];
        return ShapeEdit.subtract(pair[0], pair[1]);
    }
}
