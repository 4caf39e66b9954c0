package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.cli.CheckJsonCommandTest.Run;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.UID;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.pixel.PixelData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeidCommandTest {

    /** An X-ray of patient HOSP777 with burned-in text flagged, 4x3 pixels of 200. */
    private static void tree(Path in) throws Exception {
        Path file = in.resolve("lung_cancer/x-ray/malignant/HOSP777/1/dcm/xry_HOSP777_1_1.dcm");
        Files.createDirectories(file.getParent());
        byte[] pixels = new byte[12];
        java.util.Arrays.fill(pixels, (byte) 200);
        DicomWriter.write(file, DicomDataset.builder()
                .putString(Tag.SOPClassUID, VR.UI, UID.DigitalXRayImageStorageForPresentation)
                .putString(Tag.SOPInstanceUID, VR.UI, "1.2.410.777.1")
                .putString(Tag.PatientID, VR.LO, "HOSP777")
                .putString(Tag.PatientName, VR.PN, "PARK^SEOYEON")
                .putString(Tag.PatientSex, VR.CS, "M")
                .putString(Tag.Manufacturer, VR.LO, "ACME")
                .putString(Tag.ManufacturerModelName, VR.LO, "DR-1")
                .putString(Tag.BurnedInAnnotation, VR.CS, "YES")
                .putLongs(Tag.Rows, VR.US, 3).putLongs(Tag.Columns, VR.US, 4)
                .putLongs(Tag.SamplesPerPixel, VR.US, 1)
                .putString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                .putLongs(Tag.BitsAllocated, VR.US, 8).putLongs(Tag.BitsStored, VR.US, 8)
                .putLongs(Tag.HighBit, VR.US, 7).putLongs(Tag.PixelRepresentation, VR.US, 0)
                .putBytes(Tag.PixelData, VR.OB, pixels)
                .build(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Files.writeString(in.resolve("lung_cancer/x-ray/malignant/HOSP777/1/dcm/xry_HOSP777_1_2.dcm"), "garbage");
    }

    private static String allBytes(Path root) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                sb.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return sb.toString();
    }

    @Test
    void deidentifiesWithRulesReportsTheBadFileAndChecksClean(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        tree(in);
        Path rules = dir.resolve("rules.csv");
        Files.writeString(rules, "manufacturer,model,columns,rows,x,y,width,height\nACME,DR-.*,4,3,0,0,2,1\n");
        Path map = dir.resolve("keys/map.json");
        Run r = CheckJsonCommandTest.run("deid", in.toString(), dir.resolve("out").toString(), "--map", map.toString(),
                "--burned-in-rules", rules.toString(), "--id-prefix", "X");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("2 files: 1 written, 1 skipped; 1 new patients").contains("deid.unreadable")
                .contains("xry_HOSP777_1_2.dcm");
        String newId = Files.readString(map).replaceAll("(?s).*\"HOSP777\" : \"(X[0-9A-Z]{6})\".*", "$1");
        assertThat(newId).matches("X[0-9A-Z]{6}");
        Path written = dir.resolve("out/lung_cancer/x-ray/malignant/" + newId + "/1/dcm/xry_" + newId + "_1_1.dcm");
        var frame = PixelData.from(DicomReader.create().read(written)).frame(0);
        assertThat(frame.sample(0, 0, 0)).isZero();
        assertThat(frame.sample(1, 0, 0)).isZero();
        assertThat(frame.sample(2, 0, 0)).isEqualTo(200);
        assertThat(frame.sample(0, 1, 0)).isEqualTo(200);
        String out = allBytes(dir.resolve("out"));
        assertThat(out).doesNotContain("HOSP777").doesNotContain("PARK").doesNotContain("SEOYEON");

        Run clean = CheckJsonCommandTest.run("deid", "--check", dir.resolve("out").toString());
        assertThat(clean.exitCode()).as(clean.out()).isZero();
        Run dirty = CheckJsonCommandTest.run("deid", "--check", in.toString(), "--format", "json");
        assertThat(dirty.exitCode()).isEqualTo(1);
        assertThat(dirty.out()).contains("deid.residue.identity-not-removed").contains("deid.residue.burned-in");
    }

    @Test
    void burnedInTextWithoutARuleIsSkippedUnlessAskedAndUsageErrorsExit2(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        tree(in);
        Path map = dir.resolve("map.json");
        Run r = CheckJsonCommandTest.run("deid", in.toString(), dir.resolve("out").toString(), "--map", map.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("0 written, 2 skipped").contains("deid.burned-in.no-rule");
        Run anyway = CheckJsonCommandTest.run("deid", in.toString(), dir.resolve("out2").toString(), "--map", map.toString(),
                "--write-uncleaned-pixels");
        assertThat(anyway.out()).contains("1 written").contains("deid.burned-in.not-removed");

        assertThat(CheckJsonCommandTest.run("deid", in.toString()).exitCode()).isEqualTo(2);
        assertThat(CheckJsonCommandTest.run("deid", in.toString(), dir.resolve("o").toString()).err()).contains("--map");
        Run inside = CheckJsonCommandTest.run("deid", in.toString(), dir.resolve("o").toString(),
                "--map", dir.resolve("o/map.json").toString());
        assertThat(inside.exitCode()).isEqualTo(2);
        assertThat(inside.err()).contains("must not be inside OUT");
        assertThat(dir.resolve("o/map.json")).as("a refused run creates no mapping file").doesNotExist();
        Path link = Files.createSymbolicLink(dir.resolve("link-to-in"), in);
        Run throughLink = CheckJsonCommandTest.run("deid", in.toString(), link.resolve("out").toString(),
                "--map", dir.resolve("map-link.json").toString());
        assertThat(throughLink.exitCode()).isEqualTo(2);
        assertThat(throughLink.err()).contains("must not contain each other");
        assertThat(in.resolve("out")).doesNotExist();
        assertThat(dir.resolve("map-link.json")).doesNotExist();
        assertThat(CheckJsonCommandTest.run("deid", "--safe-private", "nonsense", "--check", in.toString()).exitCode()).isEqualTo(2);
        assertThat(CheckJsonCommandTest.run("help", "deid").out()).contains("--check").contains("--map");
    }
}
