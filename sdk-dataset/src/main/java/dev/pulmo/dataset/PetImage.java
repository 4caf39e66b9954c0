package dev.pulmo.dataset;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.pixel.Frame;
import dev.pulmo.dicom.pixel.Grey8Image;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.dicom.pixel.PixelDescription;
import dev.pulmo.dicom.pixel.SuvScale;
import dev.pulmo.dicom.pixel.VoiWindow;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A PET image for viewing ({@code pulmo render} on a PET file): activity windowed in SUV, from
 * {@value #SUV_MAX_DEFAULT} down to 0, when the header allows SUVbw ({@link SuvScale}), else by percentiles of the
 * slice: from its {@value #LOW_PERCENTILE}st percentile {@code p1} to {@code p1 + }{@value #TISSUE_FACTOR}{@code  × (p90 − p1)},
 * or to its {@value #HIGH_PERCENTILE}th percentile when {@code p90 = p1} (raw values, or a window up to the hottest
 * voxels, leave the body nearly black: the 90th percentile of a whole-body slice is tissue at about SUV 1.5, and four
 * times it is about SUV 6, the usual display; hot lesions show white); then a colour map ({@link ColourMap#HOT} by
 * default). And PET/CT fusion: the PET
 * slice resampled onto its CT slice's pixel grid through both headers' Image Position and Pixel Spacing, blended
 * over the CT in its own window.
 */
public final class PetImage {
    /** Top of the SUV window: SUV 0 is black, this and above white (the usual whole-body display, 0 to 7). */
    public static final double SUV_MAX_DEFAULT = 7;
    public static final double LOW_PERCENTILE = 1;
    public static final double HIGH_PERCENTILE = 99.9;
    public static final double TISSUE_PERCENTILE = 90;
    public static final double TISSUE_FACTOR = 4;
    /** Largest weight of the PET colour in a fused pixel; it falls to 0 towards no uptake, so that CT shows there. */
    public static final double FUSION_OPACITY = 0.5;

    /** Colour maps of 8-bit levels. */
    public enum ColourMap {
        /** Black, red, yellow, white (matplotlib's "hot"): r = 3t, g = 3t − 1, b = 3t − 2, each clamped to [0, 1]. */
        HOT,
        /** Grey levels as they are. */
        GREY;

        /** The RGB colour of grey level {@code level} (0–255). */
        public int rgb(int level) {
            if (this == GREY) {
                return level << 16 | level << 8 | level;
            }
            double t = level / 255.0;
            return channel(3 * t) << 16 | channel(3 * t - 1) << 8 | channel(3 * t - 2);
        }

        private static int channel(double v) {
            return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
        }

        /** {@code grey} through this map. */
        public BufferedImage apply(Grey8Image grey) {
            BufferedImage image = new BufferedImage(grey.columns(), grey.rows(), BufferedImage.TYPE_INT_RGB);
            byte[] levels = grey.grey();
            int[] rgb = new int[levels.length];
            for (int i = 0; i < levels.length; i++) {
                rgb[i] = rgb(levels[i] & 0xFF);
            }
            image.setRGB(0, 0, grey.columns(), grey.rows(), rgb, 0, grey.columns());
            return image;
        }
    }

    /**
     * A windowed PET frame.
     *
     * @param levels the frame in 8-bit levels (0 no uptake, 255 the window's top)
     * @param window the window in modality units (Bq/ml for BQML)
     * @param suv    the SUV factor when the header allowed one
     * @param how    one line saying how the window was chosen, for people
     */
    public record Windowed(Grey8Image levels, VoiWindow window, Optional<SuvScale> suv, String how) {
    }

    private PetImage() {
    }

    /** Whether {@code header} is a PET image (Modality PT). */
    public static boolean isPet(DicomDataset header) {
        return header.getString(Tag.Modality).orElse("").trim().equals("PT");
    }

    /** The first frame of {@code dicom}, windowed in SUV 0 to {@code suvMax} when the header allows, else by percentiles. */
    public static Windowed window(Path dicom, double suvMax) {
        return window(dicom, suvMax, Optional.empty());
    }

    /**
     * As {@link #window(Path, double)}, but without SUV the window is {@code percentileWindow} when given (a series'
     * window from {@link #seriesWindow}, so that the slices of a montage are comparable) rather than the slice's own.
     */
    public static Windowed window(Path dicom, double suvMax, Optional<VoiWindow> percentileWindow) {
        DicomFile file = DicomReader.create().read(dicom);
        PixelData pixels = PixelData.from(file);
        PixelDescription d = pixels.description();
        Frame frame = pixels.frame(0);
        SuvScale.Outcome suv = SuvScale.bodyWeight(file.dataset());
        VoiWindow window;
        String how;
        if (suv.scale().isPresent()) {
            double top = suv.scale().get().modalityValue(suvMax);
            window = new VoiWindow(top / 2 + 0.5, Math.max(1, top + 1));
            how = String.format(Locale.ROOT, "SUV 0 to %.1f (%s)", suvMax, suv.reason());
        } else {
            window = percentileWindow.orElseGet(() -> percentiles(values(frame, d, 1)));
            how = String.format(Locale.ROOT, "no SUV (%s): window %.0f to %.0f by percentiles of the %s (1st to 4 x the 90th)", suv.reason(), window.center() - 0.5 - (window.width() - 1) / 2,
                    window.center() - 0.5 + (window.width() - 1) / 2, percentileWindow.isPresent() ? "series" : "slice");
        }
        return new Windowed(Grey8Image.render(frame, d.modalityLut(), window), window, suv.scale(), how);
    }

    /** The percentile window of several slices together (every pixel of up to 64 slices, then a sample). */
    public static VoiWindow seriesWindow(List<Path> slices) {
        int stride = Math.max(1, slices.size() / 64);
        double[][] parts = new double[slices.size()][];
        int n = 0;
        for (int i = 0; i < slices.size(); i++) {
            PixelData pixels = PixelData.from(DicomReader.create().read(slices.get(i)));
            parts[i] = values(pixels.frame(0), pixels.description(), stride);
            n += parts[i].length;
        }
        double[] all = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return percentiles(all);
    }

    /** Modality values of every {@code stride}-th pixel. */
    private static double[] values(Frame frame, PixelDescription d, int stride) {
        int count = frame.columns() * frame.rows();
        double[] values = new double[(count + stride - 1) / stride];
        for (int i = 0, k = 0; i < count; i += stride, k++) {
            values[k] = d.modalityLut().apply(frame.sample(i % frame.columns(), i / frame.columns(), 0));
        }
        return values;
    }

    private static VoiWindow percentiles(double[] values) {
        Arrays.sort(values);
        double low = percentile(values, LOW_PERCENTILE);
        double tissue = percentile(values, TISSUE_PERCENTILE);
        double high = low + TISSUE_FACTOR * (tissue - low);
        if (!(high > low)) {
            high = percentile(values, HIGH_PERCENTILE); // mostly empty: the 90th percentile is background
        }
        return VoiWindow.spanning(low, Math.max(low, high));
    }

    /** The value at {@code percent} of sorted {@code values} (nearest rank). */
    static double percentile(double[] values, double percent) {
        int rank = (int) Math.ceil(percent / 100 * values.length) - 1;
        return values[Math.max(0, Math.min(values.length - 1, rank))];
    }

    /**
     * A PET slice fused onto a CT slice.
     *
     * @param image   the CT's size: CT grey with PET colour blended in
     * @param toCt    maps PET pixel coordinates to the fused image's (for drawing the PET's annotations)
     * @param how     one line saying what was fused, for people
     */
    public record Fused(BufferedImage image, AffineTransform toCt, String how) {
    }

    /**
     * {@code pet} resampled (bilinear) onto {@code ct}'s pixel grid and blended over {@code ctGrey}: a pixel's PET
     * weight is {@value #FUSION_OPACITY} × min(1, level / 128), so that low uptake leaves the CT visible.
     *
     * @throws IllegalArgumentException when either image is not axial (Image Orientation (Patient) 1\0\0\0\1\0) or
     *                                  lacks Image Position (Patient) or Pixel Spacing
     */
    public static Fused fuse(Windowed pet, DicomDataset petHeader, Grey8Image ctGrey, DicomDataset ctHeader, ColourMap map) {
        double[] petGeometry = axial(petHeader, "PET");
        double[] ctGeometry = axial(ctHeader, "CT");
        // x = x0 + column × column spacing; PET column u = (x − petX0) / petColumnSpacing (pixel centres at integers)
        double sx = ctGeometry[3] / petGeometry[3];
        double sy = ctGeometry[2] / petGeometry[2];
        double ox = (ctGeometry[0] - petGeometry[0]) / petGeometry[3];
        double oy = (ctGeometry[1] - petGeometry[1]) / petGeometry[2];
        Grey8Image levels = pet.levels();
        BufferedImage out = new BufferedImage(ctGrey.columns(), ctGrey.rows(), BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < ctGrey.rows(); r++) {
            double v = oy + r * sy;
            for (int c = 0; c < ctGrey.columns(); c++) {
                double u = ox + c * sx;
                int grey = ctGrey.level(c, r);
                double level = bilinear(levels, u, v);
                double alpha = level < 0 ? 0 : FUSION_OPACITY * Math.min(1, level / 128);
                int colour = map.rgb((int) Math.round(Math.max(0, level)));
                out.setRGB(c, r, mix(grey, colour >> 16 & 0xFF, alpha) << 16 | mix(grey, colour >> 8 & 0xFF, alpha) << 8
                        | mix(grey, colour & 0xFF, alpha));
            }
        }
        // corners (SPEC.md §3) are centres − 0.5: PET corner P − 0.5 = ox + (C − 0.5) · sx, so C = (P − 0.5 − ox) / sx + 0.5
        AffineTransform toCt = new AffineTransform(1 / sx, 0, 0, 1 / sy, (-0.5 - ox) / sx + 0.5, (-0.5 - oy) / sy + 0.5);
        String petFrame = petHeader.getString(Tag.FrameOfReferenceUID).orElse("");
        String ctFrame = ctHeader.getString(Tag.FrameOfReferenceUID).orElse("");
        double dz = petGeometry[4] - ctGeometry[4];
        String how = String.format(Locale.ROOT, "PET (%s) fused onto CT by patient coordinates; slice positions differ by %.1f mm%s",
                pet.how(), Math.abs(dz), petFrame.equals(ctFrame) && !petFrame.isEmpty() ? "" : "; the two have different frames of reference");
        return new Fused(out, toCt, how);
    }

    private static int mix(int grey, int colour, double alpha) {
        return (int) Math.round((1 - alpha) * grey + alpha * colour);
    }

    /** Level at continuous pixel coordinates (pixel centres at integers); −1 outside the image. */
    private static double bilinear(Grey8Image image, double u, double v) {
        if (u < -0.5 || v < -0.5 || u > image.columns() - 0.5 || v > image.rows() - 0.5) {
            return -1;
        }
        double cu = Math.max(0, Math.min(image.columns() - 1, u));
        double cv = Math.max(0, Math.min(image.rows() - 1, v));
        int c0 = (int) Math.floor(cu);
        int r0 = (int) Math.floor(cv);
        int c1 = Math.min(image.columns() - 1, c0 + 1);
        int r1 = Math.min(image.rows() - 1, r0 + 1);
        double fu = cu - c0;
        double fv = cv - r0;
        double top = image.level(c0, r0) * (1 - fu) + image.level(c1, r0) * fu;
        double bottom = image.level(c0, r1) * (1 - fu) + image.level(c1, r1) * fu;
        return top * (1 - fv) + bottom * fv;
    }

    /** x0, y0, row spacing, column spacing, z of an axial image. */
    private static double[] axial(DicomDataset header, String what) {
        double[] orientation = header.getDoubles(Tag.ImageOrientationPatient);
        double[] position = header.getDoubles(Tag.ImagePositionPatient);
        double[] spacing = header.getDoubles(Tag.PixelSpacing);
        double[] axial = {1, 0, 0, 0, 1, 0};
        if (orientation == null || orientation.length != 6 || position == null || position.length != 3 || spacing == null
                || spacing.length != 2 || !(spacing[0] > 0) || !(spacing[1] > 0)) {
            throw new IllegalArgumentException("fusion needs the " + what + " image's Image Orientation (Patient), Image Position "
                    + "(Patient) and Pixel Spacing");
        }
        for (int i = 0; i < 6; i++) {
            if (Math.abs(orientation[i] - axial[i]) > 1e-3) {
                throw new IllegalArgumentException("fusion needs axial images (Image Orientation (Patient) 1\\\\0\\\\0\\\\0\\\\1\\\\0); the "
                        + what + " image's is " + Arrays.toString(orientation));
            }
        }
        return new double[] {position[0], position[1], spacing[0], spacing[1], position[2]};
    }
}
