package dev.pulmo.dicom.pixel.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.pixel.internal.j2k.J2kDecoder;
import dev.pulmo.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * What an image's attributes and its own stream say about lossy compression. Expectations come from how the streams
 * were made (the options of make_j2k_fixtures.sh and make_jpeg_ls_fixtures.sh), from the corpus files' own headers
 * as pydicom reads them, and from dcmtk, which records the ratio and method when it writes near-lossless JPEG-LS.
 */
class LossyCompressionTest {
    private static final Path J2K_FIXTURES = Path.of("src/test/resources/j2k-fixtures");
    private static final Path JPEG_LS = Path.of("src/test/resources/jpeg-ls");

    @ParameterizedTest
    @CsvSource({
            "mr_53_layers.j2k, false, false",  // opj_compress default: reversible 5/3
            "mr_97_styles.j2k, true, false",   // opj_compress -I: irreversible 9/7
            "mr_ht.j2c, false, true",          // ojph_compress -reversible true
            "mr_ht_lossy.j2c, true, true",     // ojph_compress -qstep 0.005
    })
    void theMainHeaderOfACodestreamSaysWhetherItIsIrreversibleAndHighThroughput(String name, boolean irreversible,
            boolean highThroughput) throws Exception {
        byte[] stream = Files.readAllBytes(J2K_FIXTURES.resolve(name));
        assertThat(J2kDecoder.mainHeaderCoding(stream))
                .isEqualTo(new J2kDecoder.MainHeaderCoding(irreversible, highThroughput));
        // the main header alone is enough (a first fragment of a frame may end anywhere after it)
        assertThat(J2kDecoder.mainHeaderCoding(java.util.Arrays.copyOf(stream, 200)))
                .isEqualTo(new J2kDecoder.MainHeaderCoding(irreversible, highThroughput));
        String method = LossyCompression.lossyMethodOfStream("1.2.840.10008.1.2.4.91", stream);
        assertThat(method).isEqualTo(!irreversible ? null : highThroughput ? "ISO_15444_15" : "ISO_15444_1");
    }

    @Test
    void corpusFilesKeepWhatTheySayAndGainTheMethodTheirStreamShows() {
        // .91 irreversible, says 01 with a ratio (2097) and no method: the method is added, the ratio kept
        assertThat(LossyCompression.of(read("JPEG2000.dcm")))
                .isEqualTo(new LossyCompression(true, List.of("2097"), List.of("ISO_15444_1")));
        // .90 reversible, says 00
        assertThat(LossyCompression.of(read("emri_small_jpeg_2k_lossless.dcm")).lossy()).isFalse();
        // .90 without the attribute (gdcmconv): nothing lossy to say
        assertThat(LossyCompression.of(read("explicit_VR-UN.dcm"))).isEqualTo(LossyCompression.NONE);
        // 12-bit DCT JPEG, says 01 with ratio 76 and no method
        assertThat(LossyCompression.of(read("JPGExtended.dcm")))
                .isEqualTo(new LossyCompression(true, List.of("76"), List.of("ISO_10918_1")));
        // a header read (no pixel data at hand) of a DCT file: lossy by its transfer syntax
        DicomFile header = DicomReader.create().withStopBeforePixelData(true)
                .read(SharedData.dicomCorpus().resolve("examples_ybr_color.dcm"));
        DicomFile bare = withoutLossyAttributes(header);
        assertThat(LossyCompression.of(bare)).isEqualTo(new LossyCompression(true, List.of(), List.of("ISO_10918_1")));
    }

    @ParameterizedTest
    @CsvSource({"ExplVR_rgb_ilv2_near2.dcm", "cr_12bit_near2.dcm"})
    void nearLosslessJpegLsIsFoundInTheStreamWithDcmtksRatio(String name) throws Exception {
        DicomFile file = DicomReader.create().read(JPEG_LS.resolve(name));
        String dcmtkRatio = file.dataset().getString(Tag.LossyImageCompressionRatio).orElseThrow();
        assertThat(file.dataset().getStrings(Tag.LossyImageCompressionMethod)).containsExactly("ISO_14495_1");
        // dcmtk recorded it; without its attributes, the stream's NEAR tells the same and the ratio is computed
        LossyCompression found = LossyCompression.of(withoutLossyAttributes(file));
        assertThat(found.lossy()).isTrue();
        assertThat(found.methods()).containsExactly("ISO_14495_1");
        assertThat(Double.parseDouble(found.ratios().get(0))).isCloseTo(Double.parseDouble(dcmtkRatio), within(0.01));
        // with them, nothing is added twice
        assertThat(LossyCompression.of(file)).isEqualTo(new LossyCompression(true, List.of(dcmtkRatio),
                List.of("ISO_14495_1")));
        // NEAR 0 under the lossless syntax
        assertThat(LossyCompression.of(DicomReader.create().read(JPEG_LS.resolve("ExplVR_rgb_ilv1.dcm"))).lossy())
                .isFalse();
    }

    @Test
    void severalSourcesAreLossyIfAnyIsWithEveryRatioAndMethodOnce() {
        LossyCompression a = new LossyCompression(true, List.of("10"), List.of("ISO_10918_1"));
        LossyCompression b = new LossyCompression(true, List.of("10", "4"), List.of("ISO_10918_1", "ISO_15444_1"));
        assertThat(LossyCompression.ofAll(List.of(LossyCompression.NONE, a, b)))
                .isEqualTo(new LossyCompression(true, List.of("10", "4"), List.of("ISO_10918_1", "ISO_15444_1")));
        assertThat(LossyCompression.ofAll(List.of(LossyCompression.NONE, LossyCompression.NONE)).lossy()).isFalse();
        DicomDataset.Builder out = DicomDataset.builder();
        LossyCompression.NONE.putInto(out, false);
        assertThat(out.build().contains(Tag.LossyImageCompression)).isFalse();
        LossyCompression.NONE.putInto(out, true);
        assertThat(out.build().getString(Tag.LossyImageCompression)).contains("00");
    }

    private static DicomFile read(String name) {
        return DicomReader.create().read(SharedData.dicomCorpus().resolve(name));
    }

    private static DicomFile withoutLossyAttributes(DicomFile file) {
        DicomDataset ds = file.dataset().toBuilder().remove(Tag.LossyImageCompression)
                .remove(Tag.LossyImageCompressionRatio).remove(Tag.LossyImageCompressionMethod).build();
        return new DicomFile(file.source(), file.preamble(), file.fileMeta(), file.transferSyntax(), ds, List.of());
    }
}
