package dev.pulmo.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.testing.ExternalTools;
import dev.pulmo.testing.SharedData;

import dev.pulmo.dicom.BulkData;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomElement;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.EncapsulatedPixelData;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.UID;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.pixel.Frame;
import dev.pulmo.dicom.pixel.PixelData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Burned-in text: rectangles of matching device rules are blanked in native pixel data (every frame, every
 * sample, any bit depth, either byte order) and nothing else changes; compressed data or a YES without a rule is
 * refused unless asked to write anyway.
 */
class BurnedInTextTest {

    private static final BurnedInTextRule RULE = new BurnedInTextRule(Pattern.compile("acme.*", Pattern.CASE_INSENSITIVE),
            Pattern.compile(".*"), 5, 4, new BlankRectangle(1, 1, 3, 2));

    private static DicomDataset.Builder image(int bitsAllocated, int bitsStored, boolean signed, int samples,
            int planar, int frames, byte[] pixels) {
        DicomDataset.Builder b = DicomDataset.builder()
                .putString(Tag.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage)
                .putString(Tag.SOPInstanceUID, VR.UI, "1.2.3")
                .putString(Tag.Manufacturer, VR.LO, "ACME Medical")
                .putString(Tag.ManufacturerModelName, VR.LO, "X1")
                .putString(Tag.BurnedInAnnotation, VR.CS, "YES")
                .putLongs(Tag.Rows, VR.US, 4).putLongs(Tag.Columns, VR.US, 5)
                .putLongs(Tag.SamplesPerPixel, VR.US, samples)
                .putString(Tag.PhotometricInterpretation, VR.CS, samples == 3 ? "RGB" : "MONOCHROME2")
                .putLongs(Tag.BitsAllocated, VR.US, bitsAllocated).putLongs(Tag.BitsStored, VR.US, bitsStored)
                .putLongs(Tag.HighBit, VR.US, bitsStored - 1).putLongs(Tag.PixelRepresentation, VR.US, signed ? 1 : 0)
                .putString(Tag.NumberOfFrames, VR.IS, Integer.toString(frames));
        if (samples == 3) {
            b.putLongs(Tag.PlanarConfiguration, VR.US, planar);
        }
        return b.putBytes(Tag.PixelData, bitsAllocated == 8 || bitsAllocated == 1 ? VR.OB : VR.OW, pixels);
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    private static DicomFile deidentify(DicomDataset ds, TransferSyntax ts, DeidOptions options) {
        DicomFile in = new DicomFile("img.dcm", true, DicomDataset.empty(), ts, ds, List.of());
        DeidResult r = new Deidentifier(options, UUID.randomUUID()).deidentify(in, new PatientPseudonym("P1", -5));
        return DicomReader.create().read(r.toBytes(), "out");
    }

    private static boolean inside(int c, int r) {
        return c >= 1 && c < 4 && r >= 1 && r < 3;
    }

    @Test
    void signed12BitTwoFramesGetTheMinimumInsideAndKeepTheRestBothByteOrders() {
        for (TransferSyntax ts : List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN)) {
            // every sample 0x0123 = 291 (the bytes read the same in either order only if symmetric; they are not)
            byte[] px = new byte[5 * 4 * 2 * 2];
            for (int i = 0; i < px.length; i += 2) {
                px[i] = 0x23;
                px[i + 1] = 0x01;
            }
            DicomFile out = deidentify(image(16, 12, true, 1, 0, 2, px).build(), ts,
                    DeidOptions.DATASET_DEFAULTS.withBurnedInTextRules(List.of(RULE)));
            PixelData pixels = PixelData.from(out);
            for (int f = 0; f < 2; f++) {
                Frame frame = pixels.frame(f);
                for (int r = 0; r < 4; r++) {
                    for (int c = 0; c < 5; c++) {
                        assertThat(frame.sample(c, r, 0)).as("%s frame %d (%d,%d)", ts, f, c, r)
                                .isEqualTo(inside(c, r) ? -2048 : 291);
                    }
                }
            }
            assertThat(out.dataset().getString(Tag.BurnedInAnnotation)).contains("NO");
            assertThat(out.dataset().getSequence(Tag.DeidentificationMethodCodeSequence))
                    .anyMatch(i -> i.getString(Tag.CodeValue).orElse("").equals("113101"));
        }
    }

    @Test
    void planarRgbAnd1BitMasksAreBlankedPerSampleAndPerBit() {
        DicomFile rgb = deidentify(image(8, 8, false, 3, 1, 1, filled(5 * 4 * 3, 200)).build(),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, DeidOptions.DATASET_DEFAULTS.withBurnedInTextRules(List.of(RULE)));
        Frame f = PixelData.from(rgb).frame(0);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 5; c++) {
                for (int s = 0; s < 3; s++) {
                    assertThat(f.sample(c, r, s)).isEqualTo(inside(c, r) ? 0 : 200);
                }
            }
        }
        // 1-bit, 3 frames of 20 bits: frames 2 and 3 start inside a byte
        DicomFile bits = deidentify(image(1, 1, false, 1, 0, 3, filled(8, 0xFF)).build(),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, DeidOptions.DATASET_DEFAULTS.withBurnedInTextRules(List.of(RULE)));
        PixelData p = PixelData.from(bits);
        for (int fr = 0; fr < 3; fr++) {
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 5; c++) {
                    assertThat(p.frame(fr).sample(c, r, 0)).as("frame %d (%d,%d)", fr, c, r).isEqualTo(inside(c, r) ? 0 : 1);
                }
            }
        }
    }

    @Test
    void aRuleForAnotherDeviceOrSizeDoesNotApply() {
        BurnedInTextRule other = new BurnedInTextRule(Pattern.compile("acme.*", Pattern.CASE_INSENSITIVE),
                Pattern.compile(".*"), 512, 512, new BlankRectangle(0, 0, 1, 1));
        Deidentifier d = new Deidentifier(DeidOptions.DATASET_DEFAULTS.withBurnedInTextRules(List.of(other)), UUID.randomUUID());
        assertThat(d.rectanglesFor(image(8, 8, false, 1, 0, 1, new byte[20]).build())).isEmpty();
    }

    @Test
    void burnedInYesWithoutARuleIsRefusedOrWrittenWithANote() {
        DicomDataset ds = image(8, 8, false, 1, 0, 1, new byte[20]).build();
        assertThatThrownBy(() -> deidentify(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, DeidOptions.DATASET_DEFAULTS))
                .isInstanceOfSatisfying(DeidException.class, e -> assertThat(e.code()).isEqualTo("deid.burned-in.no-rule"))
                .hasMessageContaining("img.dcm").hasMessageContaining("ACME Medical");
        DicomFile in = new DicomFile("img.dcm", true, DicomDataset.empty(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ds, List.of());
        DeidResult written = new Deidentifier(DeidOptions.DATASET_DEFAULTS.withWriteUncleanedPixels(true), UUID.randomUUID())
                .deidentify(in, new PatientPseudonym("P1", -5));
        assertThat(written.audit().notes()).singleElement().asString().contains("NOT removed");
        assertThat(written.dataset().getString(Tag.BurnedInAnnotation)).contains("YES");
    }

    @Test
    void compressedPixelDataThatCannotBeDecodedIsRefused() {
        DicomDataset ds = image(8, 8, false, 1, 0, 1, new byte[20]).build().toBuilder()
                .put(DicomElement.ofEncapsulated(Tag.PixelData, VR.OB, new EncapsulatedPixelData(BulkData.of(new byte[0]),
                        List.of(BulkData.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9})))))
                .build();
        assertThatThrownBy(() -> deidentify(ds, TransferSyntax.of(UID.JPEGBaseline8Bit),
                DeidOptions.DATASET_DEFAULTS.withBurnedInTextRules(List.of(RULE))))
                .isInstanceOfSatisfying(DeidException.class, e -> assertThat(e.code()).isEqualTo("deid.burned-in.compressed"))
                .hasMessageContaining("img.dcm")
                .hasMessageContaining("the compressed Pixel Data (JPEG Baseline (Process 1)) cannot be decoded: img.dcm"
                        + " (7FE0,0010): frame 0: ");
    }

    /**
     * Compressed images are decoded, blanked and written in Explicit VR Little Endian. Checked by pydicom on our
     * output against dcmtk's (GDCM's for JPEG 2000) decoding of the source (src/test/python/check_blanked.py): the
     * rectangle holds the minimum in every frame and sample, everything else is the source's, sample for sample.
     * Lossy sources stay marked lossy, with the method of the lossy step the stream shows; the transfer syntax says
     * what the file now is.
     */
    @ParameterizedTest
    @CsvSource({
            // file, photometric after, lossy after (01 or empty: as the source says), methods after
            "JPGExtended.dcm, MONOCHROME2, 01, ISO_10918_1",      // 12-bit DCT JPEG, 01 without a method
            "examples_ybr_color.dcm, YBR_FULL, 01, ISO_10918_1",  // 8-bit DCT, YBR_FULL_422, 30 frames
            "JPEG-LL.dcm, MONOCHROME2, '', ''",                   // lossless JPEG, signed 16-bit
            "MR_small_RLE.dcm, MONOCHROME2, '', ''",              // RLE, signed 16-bit
            "sm_image_jpegls.dcm, RGB, '', ''",                   // JPEG-LS, RGB, 25 frames
            "SC_rgb_rle_2frame.dcm, RGB, '', ''",                 // RLE, RGB, 2 frames
            "JPEG2000.dcm, MONOCHROME2, 01, ISO_15444_1",         // .91, irreversible 9/7, signed, 01 without a method
            "emri_small_jpeg_2k_lossless.dcm, MONOCHROME2, '', ''", // .90, 12-bit, 10 frames, says 00
    })
    void compressedImagesAreDecodedBlankedAndWrittenUncompressed(String name, String photometric, String lossy,
            String methods, @TempDir Path dir) throws Exception {
        DicomFile source = DicomReader.create().read(SharedData.dicomCorpus().resolve(name));
        int columns = source.dataset().getInt(Tag.Columns).orElseThrow();
        int rows = source.dataset().getInt(Tag.Rows).orElseThrow();
        BlankRectangle box = new BlankRectangle(columns / 4, rows / 5, columns / 3, rows / 4);
        BurnedInTextRule any = new BurnedInTextRule(Pattern.compile(".*"), Pattern.compile(".*"), columns, rows, box);
        DeidResult result = new Deidentifier(DeidOptions.DATASET_DEFAULTS.withBurnedInTextRules(List.of(any)),
                UUID.randomUUID()).deidentify(source, new PatientPseudonym("P1", -5));
        assertThat(result.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(result.audit().rectanglesBlanked()).isEqualTo(source.dataset().getInt(Tag.NumberOfFrames).orElse(1));
        Path out = dir.resolve("out.dcm");
        Files.write(out, result.toBytes());
        DicomDataset written = DicomReader.create().read(out).dataset();
        assertThat(written.getString(Tag.PhotometricInterpretation)).contains(photometric);
        assertThat(written.getString(Tag.BurnedInAnnotation)).contains("NO");
        assertThat(written.getString(Tag.LossyImageCompression).orElse(""))
                .isEqualTo(lossy.isEmpty() ? source.dataset().getString(Tag.LossyImageCompression).orElse("") : lossy);
        // none of the lossy sources names a method: the stream's is added; their ratios are kept
        assertThat(written.getStrings(Tag.LossyImageCompressionMethod))
                .isEqualTo(methods.isEmpty() ? List.of() : List.of(methods.split(" ")));
        assertThat(written.getStrings(Tag.LossyImageCompressionRatio))
                .isEqualTo(source.dataset().getStrings(Tag.LossyImageCompressionRatio));
        assertThat(written.get(Tag.PixelData).orElseThrow().encapsulated()).isEmpty();

        assumeTrue(ExternalTools.has("/usr/bin/python3", "-c", "import pydicom, numpy")
                        && ExternalTools.has("/usr/bin/dcmdjpeg", "--version")
                        && ExternalTools.has("/usr/bin/gdcmconv", "--version"),
                "pydicom, dcmtk or GDCM is not installed (apt-get install python3-pydicom python3-numpy dcmtk"
                        + " libgdcm-tools): the pixels are not compared");
        Path script = SharedData.repositoryRoot().resolve("sdk-dicom/src/test/python/check_blanked.py");
        JsonNode check = new ObjectMapper().readTree(ExternalTools.run("/usr/bin/python3", script.toString(),
                SharedData.dicomCorpus().resolve(name).toString(), out.toString(), Integer.toString(box.x()),
                Integer.toString(box.y()), Integer.toString(box.width()), Integer.toString(box.height())));
        assertThat(check.get("transfer_syntax").asText()).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(check.get("shape_equal").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.get("inside_is_minimum").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.get("outside_equal").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.get("outside_samples").asLong()).isPositive();
    }

    @Test
    void rulesAreReadFromCsv(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("rules.csv");
        Files.writeString(csv, """
                manufacturer,model,columns,rows,x,y,width,height
                # top banner of the Acme X1 at 5x4
                ACME.*,X1,5,4,1,1,3,2
                Other,.*,*,*,0,0,10,10
                """);
        List<BurnedInTextRule> rules = BurnedInTextRule.readCsv(csv);
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).appliesTo("acme medical", "X1", 5, 4)).isTrue();
        assertThat(rules.get(0).appliesTo("acme medical", "X2", 5, 4)).isFalse();
        assertThat(rules.get(1).appliesTo("Other", "anything", 1024, 1024)).isTrue();
        Files.writeString(csv, "ACME,X1,5,4,1,1,0,2\n");
        assertThatThrownBy(() -> BurnedInTextRule.readCsv(csv)).hasMessageContaining("rules.csv:1");
    }
}
