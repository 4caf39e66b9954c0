package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JPEG 2000 files of the shared corpus, every frame, against pydicom 2.3 + GDCM 3.0
 * ({@code j2k-oracle.json}, made by {@code src/test/python/make_j2k_oracle.py}): minimum, maximum, sum,
 * SHA-256 of all samples and sampled values, exactly. The truncated copy fails cleanly, as with dcmtk.
 */
class J2kCorpusTest {
    private static final JsonNode ORACLE = load();

    static Stream<String> files() {
        List<String> names = new ArrayList<>();
        ORACLE.get("files").fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("files")
    void framesMatchPydicomWithGdcm(String name) {
        JsonNode expected = ORACLE.get("files").get(name);
        PixelData pixels = PixelOracle.pixels(name);
        assertThat(pixels.isDecodable()).isTrue();
        assertThat(pixels.frameCount()).isEqualTo(expected.get("frames").size());
        for (int k = 0; k < pixels.frameCount(); k++) {
            Frame frame = pixels.frame(k);
            JsonNode facts = expected.get("frames").get(k);
            String where = name + " frame " + k;
            assertThat(frame.minSample()).as(where + " min").isEqualTo(facts.get("min").asLong());
            assertThat(frame.maxSample()).as(where + " max").isEqualTo(facts.get("max").asLong());
            for (JsonNode sample : PixelOracle.each(facts.get("samples"))) {
                assertThat(frame.sample(sample.get(1).asInt(), sample.get(0).asInt(), sample.get(2).asInt()))
                        .as(where + " sample at row %s column %s", sample.get(0), sample.get(1))
                        .isEqualTo(sample.get(3).asLong());
            }
            assertThat(PixelOracle.sha256Int64(frame)).as(where + " sha256")
                    .isEqualTo(facts.get("sha256_int64le").asText());
        }
    }

    /** The file lacks the Sequence Delimitation Item of its Pixel Data: refused when read, naming where. */
    @Test
    void truncatedFileFailsCleanly() {
        assertThatThrownBy(() -> PixelData.from(DicomReader.create().read(
                PixelOracle.corpus().resolve("emri_small_jpeg_2k_lossless_too_short.dcm"))))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("emri_small_jpeg_2k_lossless_too_short.dcm")
                .hasMessageContaining("(7FE0,0010)");
    }

    private static JsonNode load() {
        try (InputStream in = J2kCorpusTest.class.getResourceAsStream("/j2k-oracle.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
