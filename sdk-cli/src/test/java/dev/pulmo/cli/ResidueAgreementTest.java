package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.cli.CheckJsonCommandTest.Run;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate} and {@code deid --check} judge residual patient information with one scanner: the masks the SDK
 * writes carry their image's de-identification attributes, so both pass the demo; a mask written without them (as an
 * older tool wrote masks) is reported by both, with the same rule.
 */
class ResidueAgreementTest {

    @Test
    void validateAndDeidCheckAgreeOnMasks(@TempDir Path dir) throws Exception {
        Path demo = dir.resolve("demo");
        assertThat(CheckJsonCommandTest.run("demo", "--out", demo.toString()).exitCode()).isZero();
        Run check = CheckJsonCommandTest.run("deid", "--check", demo.toString());
        assertThat(check.out()).doesNotContain("_binary.dcm");
        assertThat(CheckJsonCommandTest.run("validate", demo.toString()).out()).doesNotContain("deid.residue");

        Path mask;
        try (Stream<Path> s = Files.walk(demo)) {
            mask = s.filter(p -> p.toString().endsWith("_binary.dcm")).sorted().findFirst().orElseThrow();
        }
        MaskImage read = BinaryMaskDicom.read(mask);
        Path image = mask.getParent().resolveSibling("dcm").resolve(mask.getFileName().toString().replaceFirst("_\\d+_binary\\.dcm$", ".dcm"));
        DicomDataset withoutDeid = DicomReader.create().withStopBeforePixelData(true).read(image).dataset().toBuilder()
                .remove(Tag.PatientIdentityRemoved).remove(Tag.DeidentificationMethod).remove(Tag.DeidentificationMethodCodeSequence).build();
        BinaryMaskDicom.write(mask, withoutDeid, read.foreground(), read.columns(), read.rows(), "2.25.31", 901);

        String line = mask + " (0012,0062): ERROR deid.residue.identity-not-removed";
        assertThat(CheckJsonCommandTest.run("deid", "--check", demo.toString()).out()).contains(line);
        assertThat(CheckJsonCommandTest.run("validate", demo.toString()).out()).contains(line);
    }
}
