package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A lossless JPEG stream written by hand (T.81 Annex H) with a restart interval of one row, which
 * dcmtk's encoder cannot produce. Image 128 130 / 100 100, predictor 2 (Rb), Huffman codes
 * category 0 = 0, category 2 = 10, category 5 = 11.
 */
class JpegLosslessRestartTest {

    @Test
    void restartIntervalResetsThePrediction() {
        byte[] stream = bytes(
                0xFF, 0xD8, // SOI
                0xFF, 0xC4, 0x00, 0x16, 0x00, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 5, // DHT
                0xFF, 0xC3, 0x00, 0x0B, 8, 0x00, 0x02, 0x00, 0x02, 1, 1, 0x11, 0, // SOF3: 8 bits, 2x2, 1 component
                0xFF, 0xDD, 0x00, 0x04, 0x00, 0x02, // DRI: restart every 2 samples (one row)
                0xFF, 0xDA, 0x00, 0x08, 1, 1, 0x00, 2, 0, 0, // SOS: predictor 2, no point transform
                // row 0: 128 (initial 2^7, diff 0: "0"), 130 (first line: Ra 128, diff +2: "10" "10"), pad 1s
                0x57,
                0xFF, 0xD0, // RST0
                // row 1 restarts: 100 (initial 128, diff -28: "11" "00011"), 100 (first line again: Ra, diff 0: "0")
                0xC6,
                0xFF, 0xD9); // EOI
        PixelDescription description = new PixelDescription(2, 2, 1, 8, 8, 7, false, 0,
                PhotometricInterpretation.MONOCHROME2, 1, ModalityLut.IDENTITY, List.of(), "1.2.840.10008.1.2.4.57");
        Frame frame = PixelData.ofEncodedFrames("hand-made", description, List.of(stream)).frame(0);
        // without the restart, predictor 2 would give the last sample Rb = 130
        assertThat(frame.copySamples()).containsExactly(128, 130, 100, 100);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
