package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Grey8ImageTest {

    @Test
    void monochrome1IsInvertedAfterTheWindow() {
        // c 50, w 101: bounds -0.5 and 99.5; 0 -> (-49.5/100 + 0.5) * 255 = 1.275 -> 1,
        // 50 -> (0.5/100 + 0.5) * 255 = 128.775 -> 129, 100 -> above the upper bound -> 255
        Frame frame = new Frame(1, 3, PhotometricInterpretation.MONOCHROME1, false, new int[] {0, 50, 100});
        Grey8Image image = Grey8Image.render(frame, ModalityLut.IDENTITY, new VoiWindow(50, 101));
        assertThat(new int[] {image.level(0, 0), image.level(1, 0), image.level(2, 0)})
                .containsExactly(255 - 1, 255 - 129, 255 - 255);
        Frame same = new Frame(1, 3, PhotometricInterpretation.MONOCHROME2, false, new int[] {0, 50, 100});
        Grey8Image upright = Grey8Image.render(same, ModalityLut.IDENTITY, new VoiWindow(50, 101));
        assertThat(new int[] {upright.level(0, 0), upright.level(1, 0), upright.level(2, 0)})
                .containsExactly(1, 129, 255);
    }

    @Test
    void modalityLutIsAppliedBeforeTheWindow() {
        // stored 1000 with slope 1, intercept -1024 is -24 HU; mediastinum: (-24 - 39.5)/399 + 0.5 -> 86.9
        Frame frame = new Frame(2, 1, PhotometricInterpretation.MONOCHROME2, false, new int[] {1000, -2000});
        Grey8Image image = Grey8Image.render(frame, new ModalityLut(1, -1024), VoiWindow.MEDIASTINUM);
        assertThat(image.level(0, 0)).isEqualTo(87);
        assertThat(image.level(0, 1)).isZero();
    }

    @Test
    void withoutADatasetWindowTheFrameSpanIsUsed() {
        Frame frame = new Frame(1, 2, PhotometricInterpretation.MONOCHROME2, false, new int[] {10, 20});
        PixelDescription description = new PixelDescription(1, 2, 1, 16, 12, 11, false, 0,
                PhotometricInterpretation.MONOCHROME2, 1, new ModalityLut(2, 5), List.of(), "1.2.840.10008.1.2.1");
        Grey8Image image = Grey8Image.render(frame, description);
        assertThat(image.level(0, 0)).isZero();
        assertThat(image.level(1, 0)).isEqualTo(255);
    }

    @Test
    void colourFramesAreNotWindowed() {
        Frame rgb = new Frame(1, 1, PhotometricInterpretation.RGB, false, new int[] {1, 2, 3});
        assertThatThrownBy(() -> Grey8Image.render(rgb, ModalityLut.IDENTITY, VoiWindow.LUNG))
                .isInstanceOf(PixelDataException.class).hasMessageContaining("not RGB");
    }

    @Test
    void bufferedImageHoldsTheLevels() {
        Grey8Image image = new Grey8Image(2, 1, new byte[] {0, (byte) 200});
        BufferedImage buffered = image.toBufferedImage();
        assertThat(buffered.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(buffered.getRaster().getSample(1, 0, 0)).isEqualTo(200);
        assertThat(image).isEqualTo(new Grey8Image(2, 1, new byte[] {0, (byte) 200}))
                .hasSameHashCodeAs(new Grey8Image(2, 1, new byte[] {0, (byte) 200}))
                .isNotEqualTo(new Grey8Image(2, 1, new byte[] {0, (byte) 201}));
    }

    /** Window Center/Width values pair up in order; the corpus oracle lists them (PS3.3 C.11.2.1.2). */
    @Test
    void datasetWindowsArePairedInOrder() {
        String name = "examples_overlay.dcm";
        JsonNode dataset = PixelOracle.expected(name).get("dataset");
        JsonNode centers = dataset.get("00281050").get("Value");
        JsonNode widths = dataset.get("00281051").get("Value");
        List<VoiWindow> windows = PixelDescription.from(PixelOracle.read(name)).windows();
        assertThat(windows).hasSize(centers.size()).hasSize(2);
        for (int i = 0; i < windows.size(); i++) {
            assertThat(windows.get(i)).isEqualTo(new VoiWindow(centers.get(i).asDouble(), widths.get(i).asDouble()));
        }
    }

    static Stream<JsonNode> pydicomRenders() {
        return StreamSupport.stream(PixelOracle.grey8().spliterator(), false);
    }

    /** Whole frames against pydicom's apply_modality_lut + apply_windowing, scaled to 0..255. */
    @ParameterizedTest
    @MethodSource("pydicomRenders")
    void rendersAsPydicomDoes(JsonNode expected) {
        String name = expected.get("file").asText();
        PixelDescription description = PixelOracle.description(name);
        Frame frame = PixelOracle.pixels(name).frame(0);
        VoiWindow window = new VoiWindow(expected.get("window_center").asDouble(), expected.get("window_width").asDouble());
        Grey8Image image = Grey8Image.render(frame, description.modalityLut(), window);
        for (JsonNode sample : PixelOracle.each(expected.get("samples"))) {
            assertThat(image.level(sample.get(1).asInt(), sample.get(0).asInt()))
                    .as("%s %s at row %s column %s", name, window, sample.get(0), sample.get(1))
                    .isEqualTo(sample.get(2).asInt());
        }
        assertThat(PixelOracle.sha256(image.grey())).as(name + " " + window).isEqualTo(expected.get("sha256_uint8").asText());
    }
}
