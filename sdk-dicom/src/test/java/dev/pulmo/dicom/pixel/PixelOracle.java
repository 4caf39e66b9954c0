package dev.pulmo.dicom.pixel;

import dev.pulmo.testing.SharedData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * pydicom's view of the shared corpus: {@code pixel-oracle.json} (made by
 * {@code src/test/python/make_pixel_oracle.py}), the corpus oracle {@code expected/*.json}, and the
 * files of {@code ../shared/testdata/dicom} as sdk-dicom's reader reads them.
 */
final class PixelOracle {
    private static final JsonNode ROOT = load();

    private PixelOracle() {
    }

    static Path corpus() {
        return SharedData.dicomCorpus();
    }

    static List<String> files() {
        List<String> names = new ArrayList<>();
        ROOT.get("files").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The shared corpus oracle {@code expected/<name>.json} (pydicom's reading of the whole file). */
    static JsonNode expected(String name) {
        try {
            return new ObjectMapper().readTree(corpus().resolve("expected").resolve(name + ".json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode grey8() {
        return ROOT.get("grey8");
    }

    static JsonNode file(String name) {
        return ROOT.get("files").get(name);
    }

    /**
     * A corpus file, or a file of {@code src/test/resources} when the name has a folder, read by
     * sdk-dicom's reader, pixel data included.
     */
    static DicomFile read(String name) {
        Path fixture = Path.of("src/test/resources").resolve(name);
        return DicomReader.create().read(name.contains("/") ? fixture : corpus().resolve(name));
    }

    static PixelData pixels(String name) {
        return PixelData.from(read(name));
    }

    /** The description made of pydicom's attribute values only. */
    static PixelDescription description(String name) {
        JsonNode f = file(name);
        List<VoiWindow> windows = f.get("window_center").isNull() ? List.of()
                : List.of(new VoiWindow(f.get("window_center").asDouble(), f.get("window_width").asDouble()));
        ModalityLut lut = f.get("rescale_slope").isNull() ? ModalityLut.IDENTITY
                : new ModalityLut(f.get("rescale_slope").asDouble(), f.get("rescale_intercept").asDouble());
        return new PixelDescription(f.get("rows").asInt(), f.get("columns").asInt(), f.get("samples_per_pixel").asInt(),
                f.get("bits_allocated").asInt(), f.get("bits_stored").asInt(), f.get("high_bit").asInt(),
                f.get("pixel_representation").asInt() == 1, f.get("planar_configuration").asInt(),
                PhotometricInterpretation.fromCode(f.get("photometric_interpretation").asText()),
                f.get("number_of_frames").asInt(), lut, windows, f.get("transfer_syntax").asText());
    }

    /** SHA-256 of the samples as signed 64-bit little-endian integers in (row, column, sample) order. */
    static String sha256Int64(Frame frame) {
        ByteBuffer buffer = ByteBuffer.allocate(frame.rows() * frame.columns() * frame.samplesPerPixel() * 8)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < frame.rows(); r++) {
            for (int c = 0; c < frame.columns(); c++) {
                for (int s = 0; s < frame.samplesPerPixel(); s++) {
                    buffer.putLong(frame.sample(c, r, s));
                }
            }
        }
        return sha256(buffer.array());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Iterable<JsonNode> each(JsonNode array) {
        return () -> {
            Iterator<JsonNode> it = array.elements();
            return it;
        };
    }

    private static JsonNode load() {
        try (InputStream in = PixelOracle.class.getResourceAsStream("/pixel-oracle.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
