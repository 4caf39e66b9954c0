package dev.pulmo.dicom.deid;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomElement;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.deid.internal.DatasetCleaner;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.deid.internal.DecodedPixelAttributes;
import dev.pulmo.dicom.deid.internal.PixelBlanker;
import dev.pulmo.dicom.pixel.NativePixels;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.dicom.pixel.PixelDataException;
import dev.pulmo.dicom.pixel.PixelDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * De-identifies datasets with the Basic Application Level Confidentiality Profile (PS3.15 Annex E, Table E.1-1,
 * read from the standard's table at run time) and the options of {@link DeidOptions}.
 *
 * <p>What it does to a dataset, at every nesting level: each attribute named by the table gets the table's action
 * (X remove, Z empty, D dummy, U new UID, K keep, C clean; combined forms as {@code ProfileAction} documents);
 * ranges such as {@code (50xx,xxxx)} and {@code (60xx,3000)} apply to every group of the range (an overlay whose
 * data is removed loses its whole group); private attributes are removed unless on the safelist (their creator is
 * kept with them); attributes the table does not name are kept, but free text inside a sequence the profile acts on
 * (Content Sequence › Text Value, Request Attributes Sequence › Code Meaning) is cleaned under Clean Descriptors and
 * removed without it, and every other word-bearing value the table does not name has the dataset's identifying values
 * (and {@link PatientPseudonym#knownIdentifiers}) cut out (README-deid.md). A dummy (D) for a UI value is a replacement UID; a
 * sequence whose action is D, U or C keeps its items with the profile applied inside (a dummy sequence cannot be
 * invented), one whose action is Z becomes empty. Dummies: {@code ANONYMIZED} for text, {@code 19000101} (DA),
 * {@code 000000} (TM), {@code 0} (DS, IS), zeros for binary values. UIDs become {@code Uids.fromName(namespace, uid)}:
 * the same input UID gives the same output UID in every file and run with one {@link DeidKey}, so references
 * between images, masks and SEG still resolve. Dates (DA, DT) kept under the modified-dates option move by the
 * patient's shift; times (TM) are kept.
 *
 * <p>Then at the top level: Patient ID becomes the pseudonym's new id; Patient Identity Removed (0012,0062) =
 * {@code YES}; De-identification Method (0012,0063) and its Code Sequence (0012,0064, CID 7050 codes of the
 * profile and each enabled option) are written; Longitudinal Temporal Information Modified (0028,0303) =
 * {@code MODIFIED} when dates are shifted. When a {@link BurnedInTextRule} matches the device and size, its
 * rectangles are blanked in the Pixel Data and Burned In Annotation (0028,0301) becomes {@code NO}. Compressed Pixel
 * Data is decoded (any syntax {@code PixelData} decodes), blanked and written uncompressed in Explicit VR Little
 * Endian: a lossless syntax every reader knows, so blanking adds no loss; the result's transfer syntax says so, and
 * Lossy Image Compression stays {@code 01} when the source was lossy (see {@code DecodedPixelAttributes}).
 * Instances are immutable and thread-safe.
 */
public final class Deidentifier {

    private final DeidOptions options;
    private final UUID uidNamespace;

    /** @param uidNamespace namespace of replacement UIDs, usually {@link DeidKey#uidNamespace()} */
    public Deidentifier(DeidOptions options, UUID uidNamespace) {
        this.options = Objects.requireNonNull(options, "options");
        this.uidNamespace = Objects.requireNonNull(uidNamespace, "uidNamespace");
    }

    public DeidOptions options() {
        return options;
    }

    /**
     * @param file    a file read with its Pixel Data (not a header-only read, when burned-in text rules may apply)
     * @param patient the new patient id and date shift of the file's patient
     * @return the de-identified dataset, to be written in {@link DeidResult#transferSyntax()}: the file's, or Explicit VR
     *         Little Endian when compressed pixels were decoded to be blanked
     * @throws DeidException when burned-in text must be blanked but cannot be (compressed Pixel Data that cannot be
     *                       decoded, unsupported Pixel Data, or Burned In Annotation YES and no rule) and
     *                       {@link DeidOptions#writeUncleanedPixels()}
     *                       is false; code {@code deid.burned-in.compressed}, {@code deid.burned-in.unsupported}
     *                       or {@code deid.burned-in.no-rule}
     */
    public DeidResult deidentify(DicomFile file, PatientPseudonym patient) {
        DicomDataset source = file.dataset();
        List<String> notes = new ArrayList<>();
        List<BlankRectangle> rectangles = rectanglesFor(source);
        boolean burnedIn = "YES".equalsIgnoreCase(source.getString(Tag.BurnedInAnnotation).orElse(""));
        DicomElement blankedPixels = null;
        DicomDataset decodedAttributes = null;
        int blanked = 0;
        String pixelProblem = null;
        String problemCode = null;
        if (!rectangles.isEmpty()) {
            DicomElement px = source.get(Tag.PixelData).orElse(null);
            if (px == null) {
                problemCode = "deid.burned-in.no-pixels";
                pixelProblem = "a burned-in text rule applies but the dataset has no Pixel Data (7FE0,0010)";
            } else if (px.encapsulated().isPresent()) {
                // decoded, blanked and written uncompressed: Explicit VR Little Endian, lossless by construction
                try {
                    NativePixels decoded = NativePixels.decode(PixelData.from(file));
                    byte[] bytes = decoded.value();
                    blanked = PixelBlanker.blank(bytes, false, decoded.description(), rectangles);
                    blankedPixels = DicomElement.ofBytes(Tag.PixelData, decoded.description().bitsAllocated() > 8
                            ? VR.OW : VR.OB, bytes, false, null);
                    decodedAttributes = DecodedPixelAttributes.of(file, decoded.description());
                } catch (PixelDataException | IllegalArgumentException e) {
                    problemCode = "deid.burned-in.compressed";
                    pixelProblem = "burned-in text must be blanked but the compressed Pixel Data ("
                            + file.transferSyntax().name() + ") cannot be decoded: " + e.getMessage();
                }
            } else {
                try {
                    byte[] bytes = px.bytes();
                    blanked = PixelBlanker.blank(bytes, px.bigEndian(), PixelDescription.from(file), rectangles);
                    blankedPixels = DicomElement.ofBytes(Tag.PixelData, px.vr(), bytes, px.bigEndian(), null);
                } catch (IllegalArgumentException e) {
                    problemCode = "deid.burned-in.unsupported";
                    pixelProblem = "burned-in text cannot be blanked: " + e.getMessage();
                }
            }
        } else if (burnedIn) {
            problemCode = "deid.burned-in.no-rule";
            pixelProblem = "Burned In Annotation (0028,0301) is YES and no burned-in text rule matches Manufacturer '"
                    + source.getString(Tag.Manufacturer).orElse("") + "', model '"
                    + source.getString(Tag.ManufacturerModelName).orElse("") + "', "
                    + source.getInt(Tag.Columns).orElse(0) + "x" + source.getInt(Tag.Rows).orElse(0);
        }
        if (pixelProblem != null) {
            if (!options.writeUncleanedPixels()) {
                throw new DeidException(file.source(), Tag.PixelData, problemCode, pixelProblem);
            }
            notes.add("burned-in text NOT removed: " + pixelProblem);
        }

        DatasetCleaner cleaner = new DatasetCleaner(options, uidNamespace, patient.dateShiftDays());
        DicomDataset.Builder out = cleaner.clean(source, patient.knownIdentifiers()).toBuilder();
        if (blankedPixels != null) {
            out.put(blankedPixels);
            out.putString(Tag.BurnedInAnnotation, VR.CS, "NO");
        }
        if (decodedAttributes != null) {
            for (DicomElement e : decodedAttributes.elements()) {
                out.put(e);
            }
            out.remove(Tag.ExtendedOffsetTable);
            out.remove(Tag.ExtendedOffsetTableLengths);
        }
        out.putString(Tag.PatientID, VR.LO, patient.newPatientId());
        out.putString(Tag.PatientIdentityRemoved, VR.CS, "YES");
        out.putString(Tag.DeidentificationMethod, VR.LO, "PS3.15 E.1-1 Basic Profile (Pulmo deid)");
        out.putSequence(Tag.DeidentificationMethodCodeSequence, methodCodes(blankedPixels != null));
        if (options.retainLongitudinalModifiedDates()) {
            out.putString(Tag.LongitudinalTemporalInformationModified, VR.CS, "MODIFIED");
        }
        DeidAudit audit = new DeidAudit(cleaner.removed, cleaner.emptied, cleaner.dummied, cleaner.uidsReplaced,
                cleaner.datesShifted, cleaner.cleaned, cleaner.privateRemoved, cleaner.privateKept, blanked, notes);
        return new DeidResult(out.build(), decodedAttributes != null ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN
                : file.transferSyntax(), audit);
    }

    /** @return the rectangles of every rule that matches the dataset's device and size */
    public List<BlankRectangle> rectanglesFor(DicomDataset dataset) {
        String manufacturer = dataset.getString(Tag.Manufacturer).orElse("");
        String model = dataset.getString(Tag.ManufacturerModelName).orElse("");
        int columns = dataset.getInt(Tag.Columns).orElse(0);
        int rows = dataset.getInt(Tag.Rows).orElse(0);
        List<BlankRectangle> rectangles = new ArrayList<>();
        for (BurnedInTextRule rule : options.burnedInTextRules()) {
            if (rule.appliesTo(manufacturer, model, columns, rows)) {
                rectangles.add(rule.rectangle());
            }
        }
        return rectangles;
    }

    /** CID 7050 "De-identification Method" codes (PS3.16), scheme DCM. */
    private List<DicomDataset> methodCodes(boolean pixelsCleaned) {
        List<DicomDataset> codes = new ArrayList<>();
        codes.add(code("113100", "Basic Application Confidentiality Profile"));
        if (pixelsCleaned) {
            codes.add(code("113101", "Clean Pixel Data Option"));
        }
        if (options.cleanDescriptors()) {
            codes.add(code("113105", "Clean Descriptors Option"));
        }
        if (options.retainLongitudinalModifiedDates()) {
            codes.add(code("113107", "Retain Longitudinal Temporal Information Modified Dates Option"));
        }
        if (options.retainPatientCharacteristics()) {
            codes.add(code("113108", "Retain Patient Characteristics Option"));
        }
        if (options.retainDeviceIdentity()) {
            codes.add(code("113109", "Retain Device Identity Option"));
        }
        if (!options.safePrivateTags().isEmpty()) {
            codes.add(code("113111", "Retain Safe Private Option"));
        }
        return codes;
    }

    private static DicomDataset code(String value, String meaning) {
        return DicomDataset.builder()
                .putString(Tag.CodeValue, VR.SH, value)
                .putString(Tag.CodingSchemeDesignator, VR.SH, "DCM")
                .putString(Tag.CodeMeaning, VR.LO, meaning)
                .build();
    }
}
