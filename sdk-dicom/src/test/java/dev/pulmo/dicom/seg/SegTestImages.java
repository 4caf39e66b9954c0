package dev.pulmo.dicom.seg;


import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.UID;
import dev.pulmo.dicom.Uids;
import dev.pulmo.dicom.VR;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Source image headers and masks made by hand for the SEG tests. */
final class SegTestImages {
    private SegTestImages() {
    }

    /**
     * {@code slices} axial slices of one series; slice k lies at z = 10 + 2.5 k mm. The list is returned in the
     * order of {@code order} (indices into the z order), so tests can hand the writer shuffled series.
     */
    static List<DicomDataset> axialSeries(String sopClass, String modality, int columns, int rows, int... order) {
        String study = Uids.random();
        String series = Uids.random();
        String frame = Uids.random();
        List<DicomDataset> out = new ArrayList<>();
        for (int k : order) {
            out.add(common(sopClass, modality, columns, rows, study, series, k + 1)
                    .putString(Tag.FrameOfReferenceUID, VR.UI, frame)
                    .putString(Tag.PositionReferenceIndicator, VR.LO, "")
                    .putDoubles(Tag.ImagePositionPatient, VR.DS, -100, -120.5, 10 + 2.5 * k)
                    .putDoubles(Tag.ImageOrientationPatient, VR.DS, 1, 0, 0, 0, 1, 0)
                    .putDoubles(Tag.PixelSpacing, VR.DS, 0.7, 0.7)
                    .putDoubles(Tag.SliceThickness, VR.DS, 2.5)
                    .build());
        }
        return out;
    }

    static List<DicomDataset> ctSeries(int columns, int rows, int... order) {
        return axialSeries(UID.CTImageStorage, "CT", columns, rows, order);
    }

    /** One chest X-ray (DX, for presentation): no patient-relative geometry. */
    static DicomDataset xray(int columns, int rows) {
        return common(UID.DigitalXRayImageStorageForPresentation, "DX", columns, rows, Uids.random(), Uids.random(), 1)
                .putDoubles(Tag.ImagerPixelSpacing, VR.DS, 0.143, 0.143)
                .putString(Tag.PatientOrientation, VR.CS, "L", "F")
                .build();
    }

    private static DicomDataset.Builder common(String sopClass, String modality, int columns, int rows, String study,
                                               String series, int instance) {
        return DicomDataset.builder()
                .putString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192")
                .putString(Tag.SOPClassUID, VR.UI, sopClass)
                .putString(Tag.SOPInstanceUID, VR.UI, Uids.random())
                .putString(Tag.StudyDate, VR.DA, "20210503")
                .putString(Tag.StudyTime, VR.TM, "101500")
                .putString(Tag.AccessionNumber, VR.SH, "A1")
                .putString(Tag.Modality, VR.CS, modality)
                .putString(Tag.ReferringPhysicianName, VR.PN, "")
                .putString(Tag.PatientName, VR.PN, "홍^길동")
                .putString(Tag.PatientID, VR.LO, "P000001")
                .putString(Tag.PatientBirthDate, VR.DA, "")
                .putString(Tag.PatientSex, VR.CS, "F")
                .putString(Tag.StudyInstanceUID, VR.UI, study)
                .putString(Tag.SeriesInstanceUID, VR.UI, series)
                .putString(Tag.StudyID, VR.SH, "1")
                .putString(Tag.SeriesNumber, VR.IS, "3")
                .putString(Tag.InstanceNumber, VR.IS, Integer.toString(instance))
                .putLongs(Tag.Rows, VR.US, rows)
                .putLongs(Tag.Columns, VR.US, columns);
    }

    static String uid(DicomDataset d) {
        return d.getString(Tag.SOPInstanceUID).orElseThrow();
    }

    /** A disc of random centre and radius plus scattered pixels; {@code density} 0 gives an empty mask. */
    static byte[] blob(int columns, int rows, long seed, double density) {
        Random r = new Random(seed);
        byte[] m = new byte[columns * rows];
        if (density == 0) {
            return m;
        }
        int cx = r.nextInt(columns);
        int cy = r.nextInt(rows);
        int rad = 1 + r.nextInt(Math.max(1, Math.min(columns, rows) / 3));
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                int dx = x - cx;
                int dy = y - cy;
                m[y * columns + x] = (byte) (dx * dx + dy * dy <= rad * rad || r.nextDouble() < density ? 1 : 0);
            }
        }
        return m;
    }

    static SegmentDescription segment(int number, String modality, int categoryId, String label) {
        return SegmentDescription.manual(number, label, LungSegmentCodes.forCategory(modality, categoryId).orElseThrow(),
                "Pulmo test tool");
    }
}
