package dev.pulmo.dicom;

import dev.pulmo.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed dictionary sources are exactly what src/build/java/DictionaryGenerator.java makes from
 * ../shared/dicom-standard (so nobody edits them by hand), and they hold the standard's facts.
 */
class DictionaryGeneratorTest {

    private static final List<String> GENERATED = List.of(
            "src/main/java/dev/pulmo/dicom/Tag.java",
            "src/main/java/dev/pulmo/dicom/UID.java",
            "src/main/resources/dev/pulmo/dicom/internal/dictionary.tsv",
            "src/main/resources/dev/pulmo/dicom/internal/uids.tsv",
            "src/main/resources/dev/pulmo/dicom/internal/transfer_syntaxes.tsv",
            "src/main/resources/dev/pulmo/dicom/internal/character_sets.tsv");

    @Test
    void committedSourcesEqualAFreshGeneration(@TempDir Path out) throws IOException, InterruptedException {
        Path module = Path.of("").toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, module.resolve("src/build/java/DictionaryGenerator.java").toString(),
                SharedData.dir().resolve("dicom-standard").toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        for (String file : GENERATED) {
            assertThat(Files.readString(out.resolve(file))).as(file + " is stale: re-run the generator")
                    .isEqualTo(Files.readString(module.resolve(file)));
        }
    }

    @Test
    void dictionaryHoldsTheStandardsFacts() {
        assertThat(Tag.PatientID).isEqualTo(0x00100020);
        assertThat(Tag.PixelData).isEqualTo(0x7FE00010);
        assertThat(Tag.OverlayData).isEqualTo(0x60003000);
        assertThat(ElementDictionary.tagOf("PatientName")).hasValue(0x00100010);
        assertThat(ElementDictionary.keywordOf(0x00280103)).isEqualTo("PixelRepresentation");
        assertThat(ElementDictionary.entry(0x00100010).orElseThrow().vr()).isEqualTo("PN");
        // repeating groups match any even group of the range, never a private (odd) one
        assertThat(ElementDictionary.entry(0x601E3000).orElseThrow().keyword()).isEqualTo("OverlayData");
        assertThat(ElementDictionary.entry(0x601E3000).orElseThrow().vr()).isEqualTo("OB or OW");
        assertThat(ElementDictionary.entry(0x60013000)).isEmpty();
        assertThat(ElementDictionary.entry(0x00280106).orElseThrow().vr()).isEqualTo("US or SS");
        assertThat(ElementDictionary.entry(0x00091010)).isEmpty();
        assertThat(UID.nameOf(UID.CTImageStorage)).isEqualTo("CT Image Storage");
        assertThat(UID.typeOf("1.2.840.10008.1.2.4.50")).isEqualTo("Transfer Syntax");
        TransferSyntax jpeg = TransferSyntax.of(UID.JPEGBaseline8Bit);
        assertThat(jpeg.encapsulatedPixelData()).isTrue();
        assertThat(jpeg.explicitVr()).isTrue();
        assertThat(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.bigEndian()).isTrue();
        assertThat(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.deflated()).isTrue();
        assertThat(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.explicitVr()).isFalse();
        assertThat(TransferSyntax.of("1.2.3.4").isKnown()).isFalse();
    }
}
