package dev.pulmo.dataset;

import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.UID;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes CT and PET-CT series with chosen geometry (position, orientation, spacing per slice), stored values and
 * per-category masks, in the guideline's layout: the hand-built volumes of the nodule and NIfTI tests.
 */
final class VolumeSeries {
    private VolumeSeries() {
    }

    /**
     * One slice: its sequence number, Image Position (Patient), stored values (row by row, null for zeros) and masks by
     * category (row by row, non-zero = foreground); a null position leaves the attribute out.
     */
    record Slice(String seq, double[] position, short[] stored, Map<Integer, byte[]> masks) {
    }

    /** The series' shared attributes. */
    record Series(String modality, CaseClass caseClass, String patientId, String series, int width, int height,
                  double[] orientation, double rowSpacing, double columnSpacing, double thickness) {
    }

    /** Writes every slice of {@code s}; {@code extra} adds attributes to each image's header (e.g. PET's). */
    static void write(DatasetLayout layout, Series s, List<Slice> slices, Consumer<DicomDataset.Builder> extra) {
        String study = "2.25.1" + Math.abs((long) (s.patientId() + s.modality()).hashCode());
        String seriesUid = study + "." + s.series();
        for (Slice slice : slices) {
            ImageKey key = new ImageKey(s.modality(), s.caseClass(), s.patientId(), s.series(), slice.seq());
            DicomDataset.Builder b = DicomDataset.builder()
                    .putString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192")
                    .putString(Tag.SOPClassUID, VR.UI, s.modality().equals("PCT") ? UID.PositronEmissionTomographyImageStorage : UID.CTImageStorage)
                    .putString(Tag.SOPInstanceUID, VR.UI, seriesUid + "." + slice.seq())
                    .putString(Tag.StudyDate, VR.DA, "20200102").putString(Tag.StudyTime, VR.TM, "101010")
                    .putString(Tag.AcquisitionDate, VR.DA, "20200102").putString(Tag.AcquisitionTime, VR.TM, "101010")
                    .putString(Tag.ContentDate, VR.DA, "20200102").putString(Tag.ContentTime, VR.TM, "101010")
                    .putString(Tag.Modality, VR.CS, s.modality().equals("PCT") ? "PT" : "CT")
                    .putString(Tag.Manufacturer, VR.LO, "PULMO TEST")
                    .putString(Tag.ManufacturerModelName, VR.LO, "VOLUME")
                    .putString(Tag.PatientName, VR.PN, "")
                    .putString(Tag.PatientID, VR.LO, s.patientId())
                    .putString(Tag.PatientSex, VR.CS, "F")
                    .putString(Tag.PatientAge, VR.AS, "061Y")
                    .putString(Tag.PatientIdentityRemoved, VR.CS, "YES")
                    .putString(Tag.StudyInstanceUID, VR.UI, study)
                    .putString(Tag.SeriesInstanceUID, VR.UI, seriesUid)
                    .putString(Tag.SeriesNumber, VR.IS, s.series())
                    .putString(Tag.InstanceNumber, VR.IS, slice.seq())
                    .putString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL")
                    .putString(Tag.SliceThickness, VR.DS, Double.toString(s.thickness()))
                    .putString(Tag.FrameOfReferenceUID, VR.UI, study + ".9")
                    .putDoubles(Tag.ImageOrientationPatient, VR.DS, s.orientation())
                    .putDoubles(Tag.PixelSpacing, VR.DS, s.rowSpacing(), s.columnSpacing())
                    .putString(Tag.RescaleIntercept, VR.DS, "-1024")
                    .putString(Tag.RescaleSlope, VR.DS, "1")
                    .putLongs(Tag.SamplesPerPixel, VR.US, 1)
                    .putString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                    .putLongs(Tag.Rows, VR.US, s.height())
                    .putLongs(Tag.Columns, VR.US, s.width())
                    .putLongs(Tag.BitsAllocated, VR.US, 16)
                    .putLongs(Tag.BitsStored, VR.US, 16)
                    .putLongs(Tag.HighBit, VR.US, 15)
                    .putLongs(Tag.PixelRepresentation, VR.US, 1);
            if (slice.position() != null) {
                b.putDoubles(Tag.ImagePositionPatient, VR.DS, slice.position());
            }
            extra.accept(b);
            short[] stored = slice.stored() != null ? slice.stored() : new short[s.width() * s.height()];
            byte[] bytes = new byte[stored.length * 2];
            for (int i = 0; i < stored.length; i++) {
                bytes[2 * i] = (byte) stored[i];
                bytes[2 * i + 1] = (byte) (stored[i] >> 8);
            }
            DicomDataset image = b.putBytes(Tag.PixelData, VR.OW, bytes).build();
            DicomWriter.write(layout.dicomFile(key), image, TransferSyntax.of(UID.ExplicitVRLittleEndian));
            for (Map.Entry<Integer, byte[]> m : slice.masks().entrySet()) {
                BinaryMaskDicom.write(layout.maskFile(key, m.getKey()), image, m.getValue(), s.width(), s.height(),
                        seriesUid + ".900", 900);
            }
        }
    }

    /** The unit vectors of an orientation tilted by {@code degrees} about the x axis (an oblique axial series). */
    static double[] obliqueAboutX(double degrees) {
        double a = Math.toRadians(degrees);
        return new double[] {1, 0, 0, 0, Math.cos(a), Math.sin(a)};
    }
}
