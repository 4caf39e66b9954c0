package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.pixel.Grey8Image;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.dicom.pixel.VoiWindow;
import dev.pulmo.testing.ExternalTools;
import dev.pulmo.testing.SharedData;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dataset's pixel paths (rendering, report thumbnails) read compressed images through the SDK's decoders: each
 * corpus file renders exactly as GDCM's decompressed copy of it ({@code gdcmconv --raw}, an independent decoder)
 * renders. The JPEG 2000 files are skipped while {@code PixelData} cannot decode them and are checked once it can.
 */
class CompressedPixelPathsTest {
    private static final Pattern THUMBNAIL = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)");

    private static Path decompressedByGdcm(Path source, Path dir) throws Exception {
        Path out = dir.resolve("raw-" + source.getFileName());
        Process p = new ProcessBuilder("gdcmconv", "--raw", source.toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0).as(log).isTrue();
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"JPGExtended.dcm", "JPEG-LL.dcm", "MR_small_jpeg_ls_lossless.dcm", "MR_small_RLE.dcm",
            "JPEG2000.dcm", "emri_small_jpeg_2k_lossless.dcm"})
    void renderingAndThumbnailsOfCompressedImagesEqualThoseOfTheirDecompressedCopies(String name, @TempDir Path dir)
            throws Exception {
        Path source = SharedData.dicomCorpus().resolve(name);
        assumeTrue(PixelData.from(DicomReader.create().read(source)).isDecodable(),
                name + ": its transfer syntax is not decoded yet");
        assumeTrue(ExternalTools.has("gdcmconv", "--version"),
                "gdcmconv is not installed (apt-get install libgdcm-tools): not compared");
        Path raw = decompressedByGdcm(source, dir);

        for (Optional<VoiWindow> window : List.of(Optional.<VoiWindow>empty(), Optional.of(VoiWindow.LUNG))) {
            Grey8Image compressed = AnnotatedImage.grey(source, window);
            Grey8Image decompressed = AnnotatedImage.grey(raw, window);
            assertThat(compressed.columns()).isEqualTo(decompressed.columns());
            assertThat(levels(compressed)).as(name + " window " + window).isEqualTo(levels(decompressed));
        }
        assertThat(thumbnail(source, dir.resolve("a"))).as(name + " thumbnail").isEqualTo(thumbnail(raw, dir.resolve("b")));
    }

    /** The report's inline PNG of an image with a finding, placed as the layout's dcm/ folder holds images. */
    private static String thumbnail(Path image, Path root) throws IOException {
        Path placed = Files.createDirectories(root.resolve("series/dcm")).resolve("image.dcm");
        Files.copy(image, placed);
        DatasetValidator.Report report = new DatasetValidator.Report(1, 1, 0, 0, 1, 0, 0, List.of(), Optional.empty());
        StringWriter page = new StringWriter();
        try (ValidationHtmlReport.Spill spill = ValidationHtmlReport.spill()) {
            spill.accept(Finding.error("test.rule", Location.ofFile(placed.toString()), "a finding"));
            spill.render(report, new DatasetLayout(root, DatasetScannerTest.CATALOG), page);
        }
        Matcher m = THUMBNAIL.matcher(page.toString());
        assertThat(m.find()).as("the page has a thumbnail").isTrue();
        return m.group(1);
    }

    private static int[] levels(Grey8Image grey) {
        int[] out = new int[grey.columns() * grey.rows()];
        for (int r = 0; r < grey.rows(); r++) {
            for (int c = 0; c < grey.columns(); c++) {
                out[r * grey.columns() + c] = grey.level(c, r);
            }
        }
        return out;
    }
}
