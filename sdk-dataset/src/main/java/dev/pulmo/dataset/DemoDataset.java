package dev.pulmo.dataset;

import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.UID;
import dev.pulmo.dicom.Uids;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A small but realistic synthetic dataset in the guideline's layout, for {@code pulmo demo}, tests and
 * benchmarks: chest CT (512², 12-bit HU with rescale, series of slices with positions), chest X-ray (PA,
 * 1024², 12-bit) and PET-CT (192², activity with rescale), in benign, malignant and normal classes, with
 * de-identified headers (short patient ids, age and sex kept, Patient Identity Removed YES) and lesion-like
 * masks: irregular blobs in the lungs, drawn into the image too, and written as the guideline's binary masks.
 *
 * <p>Deterministic for a seed, UIDs included. The generator records every lesion it draws with the box of
 * the pixels it set, so that tests can check the conversion against the generator's own shapes.
 */
public final class DemoDataset {

    /** One lesion as drawn: the image, its category, the box and count of the pixels set. */
    public record Lesion(ImageKey image, int categoryId, BoundingBox bbox, long pixels) {
    }

    /** What was written. */
    public record Result(Path root, int images, int masks, List<Lesion> lesions) {
        public Result {
            lesions = List.copyOf(lesions);
        }
    }

    /** Sizes of the demo: patients per class and images per series, per modality. */
    public record Size(int patientsPerClass, int ctSlices, int petSlices) {
        public static final Size DEMO = new Size(2, 4, 3);
    }

    private record Device(String manufacturer, String model) {
    }

    private final DatasetLayout layout;
    private final long seed;
    private final UUID namespace;
    private final List<Lesion> lesions = new ArrayList<>();
    private int images;
    private int masks;

    private DemoDataset(DatasetLayout layout, long seed) {
        this.layout = layout;
        this.seed = seed;
        this.namespace = new UUID(0x70756c6d6f64656dL, seed);
    }

    /** Writes the demo tree under {@code layout.root()} (created) and returns what it holds. */
    public static Result generate(DatasetLayout layout, long seed, Size size) {
        DemoDataset d = new DemoDataset(layout, seed);
        d.write(size);
        return new Result(layout.root(), d.images, d.masks, d.lesions);
    }

    private void write(Size size) {
        for (String modality : List.of("CCT", "XRY", "PCT")) {
            if (layout.catalog().find(modality).isEmpty()) {
                continue;
            }
            // PET-CT patients are the CT patients of the same class, as in a hospital; X-ray patients are others
            int patient = modality.equals("XRY") ? 101 : 1;
            for (CaseClass c : List.of(CaseClass.BENIGN, CaseClass.MALIGNANT, CaseClass.NORMAL)) {
                int count = c == CaseClass.NORMAL ? Math.max(1, size.patientsPerClass() / 2) : size.patientsPerClass();
                for (int i = 0; i < count; i++, patient++) {
                    String id = String.format("D%04d", patient);
                    Random r = new Random(seed * 31 + id.hashCode() * 7L + modality.hashCode());
                    switch (modality) {
                        case "CCT" -> ct(c, id, size.ctSlices(), r);
                        case "XRY" -> xray(c, id, r);
                        default -> pet(c, id, size.petSlices(), r);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- modalities

    private static final Device[] CT_DEVICES = {new Device("SIEMENS", "SOMATOM Definition AS"), new Device("GE MEDICAL SYSTEMS", "Revolution CT")};
    private static final Device[] XRAY_DEVICES = {new Device("Carestream Health", "DRX-Evolution"), new Device("SAMSUNG ELECTRONICS", "GC85A")};
    private static final Device[] PET_DEVICES = {new Device("GE MEDICAL SYSTEMS", "Discovery 710"), new Device("Philips", "Gemini TF")};

    private void ct(CaseClass c, String patientId, int slices, Random r) {
        int n = 512;
        double spacing = 0.68 + r.nextInt(10) / 100.0;
        String series = Integer.toString(2 + r.nextInt(3));
        List<Blob> blobs = blobs(c, "CCT", n, n, spacing, r, 7, 16);
        Device device = CT_DEVICES[r.nextInt(CT_DEVICES.length)];
        String frame = uid("for", patientId, series);
        for (int s = 1; s <= slices; s++) {
            double z = -150.0 + 5.0 * s;
            // a lesion is a sphere-like blob on the middle slices, smaller towards its ends
            double scale = slices <= 2 ? 1 : 1 - Math.abs(s - (slices + 1) / 2.0) / slices * 1.2;
            List<Blob> here = s == 1 || s == slices ? List.of() : scaled(blobs, scale);
            short[] hu = new short[n * n];
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double v = inEllipse(x, y, n / 2.0, n / 2.0, n * 0.42, n * 0.32) ? 40
                            : -1000;
                    if (inEllipse(x, y, n * 0.33, n / 2.0, n * 0.13, n * 0.22) || inEllipse(x, y, n * 0.67, n / 2.0, n * 0.13, n * 0.22)) {
                        v = -850;
                    }
                    hu[y * n + x] = (short) (v + 1024 + r.nextInt(21) - 10);
                }
            }
            ImageKey key = new ImageKey("CCT", c, patientId, series, Integer.toString(s));
            DicomDataset.Builder b = common(key, device, "CT", UID.CTImageStorage, n, n, r)
                    .putString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL")
                    .putString(Tag.SeriesDescription, VR.LO, "CHEST 5.0 B30f")
                    .putString(Tag.BodyPartExamined, VR.CS, "CHEST")
                    .putString(Tag.SliceThickness, VR.DS, "5.0")
                    .putString(Tag.KVP, VR.DS, "120")
                    .putString(Tag.PatientPosition, VR.CS, "HFS")
                    .putString(Tag.FrameOfReferenceUID, VR.UI, frame)
                    .putString(Tag.PositionReferenceIndicator, VR.LO, "")
                    .putDoubles(Tag.ImagePositionPatient, VR.DS, -n * spacing / 2, -n * spacing / 2, z)
                    .putDoubles(Tag.ImageOrientationPatient, VR.DS, 1, 0, 0, 0, 1, 0)
                    .putDoubles(Tag.SliceLocation, VR.DS, z)
                    .putDoubles(Tag.PixelSpacing, VR.DS, spacing, spacing)
                    .putString(Tag.RescaleIntercept, VR.DS, "-1024")
                    .putString(Tag.RescaleSlope, VR.DS, "1")
                    .putString(Tag.RescaleType, VR.LO, "HU")
                    .putDoubles(Tag.WindowCenter, VR.DS, -600)
                    .putDoubles(Tag.WindowWidth, VR.DS, 1500);
            writeImage(key, b, hu, 12, here, 1024 + 30);
        }
    }

    private void xray(CaseClass c, String patientId, Random r) {
        int n = 1024;
        double spacing = 0.35;
        String series = "1";
        List<Blob> blobs = blobs(c, "XRY", n, n, spacing, r, 14, 40);
        Device device = XRAY_DEVICES[r.nextInt(XRAY_DEVICES.length)];
        short[] px = new short[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                boolean lung = inEllipse(x, y, n * 0.32, n * 0.5, n * 0.15, n * 0.3) || inEllipse(x, y, n * 0.68, n * 0.5, n * 0.15, n * 0.3);
                px[y * n + x] = (short) ((lung ? 900 : 2400) + y / 2 + r.nextInt(41) - 20);
            }
        }
        ImageKey key = new ImageKey("XRY", c, patientId, series, "1");
        DicomDataset.Builder b = common(key, device, "DX", UID.DigitalXRayImageStorageForPresentation, n, n, r)
                .putString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY")
                .putString(Tag.SeriesDescription, VR.LO, "CHEST PA")
                .putString(Tag.BodyPartExamined, VR.CS, "CHEST")
                .putString(Tag.ViewPosition, VR.CS, "PA")
                .putString(Tag.PatientOrientation, VR.CS, "L", "F")
                .putString(Tag.PresentationIntentType, VR.CS, "FOR PRESENTATION")
                .putDoubles(Tag.ImagerPixelSpacing, VR.DS, spacing, spacing)
                .putDoubles(Tag.PixelSpacing, VR.DS, spacing, spacing)
                .putString(Tag.KVP, VR.DS, "125")
                .putDoubles(Tag.WindowCenter, VR.DS, 2048)
                .putDoubles(Tag.WindowWidth, VR.DS, 4096);
        writeImage(key, b, px, 12, blobs, 2900);
    }

    private void pet(CaseClass c, String patientId, int slices, Random r) {
        int n = 192;
        double spacing = 3.65;
        String series = "7";
        List<Blob> blobs = blobs(c, "PCT", n, n, spacing, r, 2, 5);
        Device device = PET_DEVICES[r.nextInt(PET_DEVICES.length)];
        String frame = uid("for", patientId, series);
        for (int s = 1; s <= slices; s++) {
            double z = -120.0 + 3.27 * s;
            List<Blob> here = s == (slices + 1) / 2 ? blobs : List.of();
            short[] px = new short[n * n];
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    px[y * n + x] = (short) ((inEllipse(x, y, n / 2.0, n / 2.0, n * 0.4, n * 0.3) ? 400 : 20) + r.nextInt(40));
                }
            }
            ImageKey key = new ImageKey("PCT", c, patientId, series, Integer.toString(s));
            DicomDataset.Builder b = common(key, device, "PT", UID.PositronEmissionTomographyImageStorage, n, n, r)
                    .putString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY")
                    .putString(Tag.SeriesDescription, VR.LO, "PET WB AC")
                    .putString(Tag.BodyPartExamined, VR.CS, "CHEST")
                    .putString(Tag.SliceThickness, VR.DS, "3.27")
                    .putString(Tag.Units, VR.CS, "BQML")
                    .putString(Tag.FrameOfReferenceUID, VR.UI, frame)
                    .putDoubles(Tag.ImagePositionPatient, VR.DS, -n * spacing / 2, -n * spacing / 2, z)
                    .putDoubles(Tag.ImageOrientationPatient, VR.DS, 1, 0, 0, 0, 1, 0)
                    .putDoubles(Tag.PixelSpacing, VR.DS, spacing, spacing)
                    .putString(Tag.RescaleIntercept, VR.DS, "0")
                    .putString(Tag.RescaleSlope, VR.DS, "2.5");
            writeImage(key, b, px, 15, here, 6000);
        }
    }

    // ---------------------------------------------------------------- shared

    private String uid(String... parts) {
        return Uids.fromName(namespace, String.join("/", parts));
    }

    private DicomDataset.Builder common(ImageKey key, Device device, String modality, String sopClass, int columns, int rows, Random r) {
        String study = uid("study", key.patientId(), key.modality());
        String date = String.format("2020%02d%02d", 1 + Math.floorMod(key.patientId().hashCode(), 12), 1 + Math.floorMod(key.patientId().hashCode() * 7, 28));
        String time = String.format("%02d%02d%02d", 8 + Math.floorMod(key.patientId().hashCode(), 9), r.nextInt(60), r.nextInt(60));
        int age = 45 + Math.floorMod(key.patientId().hashCode() * 13, 35);
        return DicomDataset.builder()
                .putString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192")
                .putString(Tag.SOPClassUID, VR.UI, sopClass)
                .putString(Tag.SOPInstanceUID, VR.UI, uid("image", key.toString()))
                .putString(Tag.StudyDate, VR.DA, date).putString(Tag.StudyTime, VR.TM, time)
                .putString(Tag.SeriesDate, VR.DA, date).putString(Tag.SeriesTime, VR.TM, time)
                .putString(Tag.AcquisitionDate, VR.DA, date).putString(Tag.AcquisitionTime, VR.TM, time)
                .putString(Tag.ContentDate, VR.DA, date).putString(Tag.ContentTime, VR.TM, time)
                .putString(Tag.AccessionNumber, VR.SH, "")
                .putString(Tag.Modality, VR.CS, modality)
                .putString(Tag.Manufacturer, VR.LO, device.manufacturer())
                .putString(Tag.ReferringPhysicianName, VR.PN, "")
                .putString(Tag.ManufacturerModelName, VR.LO, device.model())
                .putString(Tag.PatientName, VR.PN, "")
                .putString(Tag.PatientID, VR.LO, key.patientId())
                .putString(Tag.PatientBirthDate, VR.DA, "")
                .putString(Tag.PatientSex, VR.CS, Math.floorMod(key.patientId().hashCode(), 2) == 0 ? "M" : "F")
                .putString(Tag.PatientAge, VR.AS, String.format("%03dY", age))
                .putString(Tag.PatientIdentityRemoved, VR.CS, "YES")
                .putString(Tag.DeidentificationMethod, VR.LO, "pulmo demo: synthetic")
                .putString(Tag.StudyInstanceUID, VR.UI, study)
                .putString(Tag.SeriesInstanceUID, VR.UI, uid("series", key.seriesKey().toString()))
                .putString(Tag.StudyID, VR.SH, "")
                .putString(Tag.SeriesNumber, VR.IS, key.series())
                .putString(Tag.InstanceNumber, VR.IS, key.seq())
                .putString(Tag.BurnedInAnnotation, VR.CS, "NO")
                .putLongs(Tag.SamplesPerPixel, VR.US, 1)
                .putString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                .putLongs(Tag.Rows, VR.US, rows)
                .putLongs(Tag.Columns, VR.US, columns)
                .putLongs(Tag.BitsAllocated, VR.US, 16)
                .putLongs(Tag.PixelRepresentation, VR.US, 0);
    }

    private void writeImage(ImageKey key, DicomDataset.Builder b, short[] pixels, int bitsStored, List<Blob> blobs, int lesionValue) {
        ModalityPlugin plugin = layout.plugin(key.modality());
        int columns = b.build().getInt(Tag.Columns).orElseThrow();
        int rows = pixels.length / columns;
        boolean withMasks = plugin.classesWithMasks().contains(key.caseClass());
        List<Blob> drawn = withMasks ? blobs : List.of();
        byte[][] maskOfCategory = new byte[64][];
        for (Blob blob : drawn) {
            if (maskOfCategory[blob.category] == null) {
                maskOfCategory[blob.category] = new byte[columns * rows];
            }
            int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
            long count = 0;
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < columns; x++) {
                    if (blob.contains(x, y)) {
                        pixels[y * columns + x] = (short) (lesionValue + (x * 7 + y * 3) % 40);
                        maskOfCategory[blob.category][y * columns + x] = 1;
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                        count++;
                    }
                }
            }
            if (count > 0) {
                lesions.add(new Lesion(key, blob.category, BoundingBox.ofPixels(minX, minY, maxX, maxY), count));
            }
        }
        byte[] bytes = new byte[pixels.length * 2];
        int max = (1 << bitsStored) - 1;
        for (int i = 0; i < pixels.length; i++) {
            int v = Math.max(0, Math.min(max, pixels[i] & 0xFFFF));
            bytes[2 * i] = (byte) v;
            bytes[2 * i + 1] = (byte) (v >> 8);
        }
        DicomDataset image = b.putLongs(Tag.BitsStored, VR.US, bitsStored).putLongs(Tag.HighBit, VR.US, bitsStored - 1)
                .putBytes(Tag.PixelData, VR.OW, bytes).build();
        DicomWriter.write(layout.dicomFile(key), image, TransferSyntax.of(UID.ExplicitVRLittleEndian));
        images++;
        for (int category = 0; category < maskOfCategory.length; category++) {
            if (maskOfCategory[category] != null) {
                BinaryMaskDicom.write(layout.maskFile(key, category), image, maskOfCategory[category], columns, rows,
                        uid("mask-series", key.seriesKey().toString()), 900 + Integer.parseInt(key.series()));
                masks++;
            }
        }
    }

    // ---------------------------------------------------------------- lesions

    /** An irregular blob: an ellipse whose radius wobbles with the angle, as a spiculated nodule's outline. */
    private record Blob(int category, double cx, double cy, double rx, double ry, double wobble, int lobes, double phase) {
        boolean contains(int x, int y) {
            double dx = (x + 0.5 - cx) / rx;
            double dy = (y + 0.5 - cy) / ry;
            double angle = Math.atan2(dy, dx);
            double reach = 1 + wobble * Math.sin(lobes * angle + phase);
            return dx * dx + dy * dy <= reach * reach;
        }

        Blob scaled(double s) {
            return new Blob(category, cx, cy, rx * s, ry * s, wobble, lobes, phase);
        }
    }

    private static List<Blob> scaled(List<Blob> blobs, double s) {
        return blobs.stream().map(b -> b.scaled(s)).toList();
    }

    /** One or two lesions in the lungs (left and right, never touching); none for normal cases. */
    private List<Blob> blobs(CaseClass c, String modality, int columns, int rows, double spacingMm, Random r, int minRadius, int maxRadius) {
        if (c == CaseClass.NORMAL) {
            return List.of();
        }
        int[] categories = categories(c, modality);
        int count = 1 + r.nextInt(2);
        List<Blob> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double cx = columns * (i == 0 ? 0.32 : 0.68) + (r.nextDouble() - 0.5) * columns * 0.08;
            double cy = rows * 0.5 + (r.nextDouble() - 0.5) * rows * 0.2;
            double radius = minRadius + r.nextInt(maxRadius - minRadius + 1);
            out.add(new Blob(categories[r.nextInt(categories.length)], cx, cy, radius, radius * (0.7 + 0.3 * r.nextDouble()),
                    0.12 * r.nextDouble(), 3 + r.nextInt(5), r.nextDouble() * Math.PI));
        }
        return out;
    }

    private static int[] categories(CaseClass c, String modality) {
        if (modality.equals("PCT")) {
            return c == CaseClass.MALIGNANT ? new int[] {1, 2} : new int[] {3, 4};
        }
        return c == CaseClass.MALIGNANT ? new int[] {1, 1, 2} : new int[] {3, 4, 5, 7};
    }

    private static boolean inEllipse(int x, int y, double cx, double cy, double rx, double ry) {
        double dx = (x + 0.5 - cx) / rx;
        double dy = (y + 0.5 - cy) / ry;
        return dx * dx + dy * dy <= 1;
    }
}
