package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The linear VOI function of PS3.3 C.11.2.1.2.1, values worked out by hand from its formula. */
class VoiWindowTest {

    @Test
    void mediastinumWindowFollowsTheLinearFunction() {
        VoiWindow window = VoiWindow.MEDIASTINUM; // c 40, w 400: bounds c-0.5 -/+ (w-1)/2 = -160 and 239
        assertThat(window.toGrey8(-1000)).isZero();
        assertThat(window.toGrey8(-160)).isZero(); // x <= lower bound
        assertThat(window.apply(-159, 0, 255)).isCloseTo((-198.5 / 399 + 0.5) * 255, within(1e-9)); // 0.639
        assertThat(window.toGrey8(-159)).isEqualTo(1);
        assertThat(window.toGrey8(0)).isEqualTo(102); // (-39.5/399 + 0.5) * 255 = 102.256
        assertThat(window.apply(39.5, 0, 255)).isEqualTo(127.5); // x = c - 0.5 is the mid-point
        assertThat(window.toGrey8(39.5)).isEqualTo(128); // rounded half up
        assertThat(window.toGrey8(40)).isEqualTo(128); // 127.82
        assertThat(window.apply(239, 0, 255)).isCloseTo(255, within(1e-9)); // upper bound is still "between"
        assertThat(window.toGrey8(240)).isEqualTo(255);
    }

    @Test
    void lungWindowFollowsTheLinearFunction() {
        VoiWindow window = VoiWindow.LUNG; // c -600, w 1500: bounds -1350 and 149
        assertThat(window.toGrey8(-1350)).isZero();
        assertThat(window.toGrey8(-1000)).isEqualTo(60); // (-399.5/1499 + 0.5) * 255 = 59.54
        assertThat(window.toGrey8(-600)).isEqualTo(128); // 127.585
        assertThat(window.toGrey8(150)).isEqualTo(255);
    }

    @Test
    void widthOneIsAThreshold() {
        VoiWindow window = new VoiWindow(100, 1); // both bounds are c - 0.5 = 99.5
        assertThat(window.toGrey8(99)).isZero();
        assertThat(window.toGrey8(99.5)).isZero();
        assertThat(window.toGrey8(99.500001)).isEqualTo(255);
        assertThat(window.toGrey8(100)).isEqualTo(255);
    }

    @Test
    void outputRangeIsGeneral() {
        VoiWindow window = new VoiWindow(0, 11); // bounds -5.5 and 4.5
        assertThat(window.apply(0, -1, 1)).isCloseTo(0.1, within(1e-12)); // (0.5/10 + 0.5) * 2 - 1
        assertThat(window.apply(-6, -1, 1)).isEqualTo(-1);
        assertThat(window.apply(5, -1, 1)).isEqualTo(1);
    }

    @Test
    void spanningMapsMinimumToBlackAndMaximumToWhite() {
        VoiWindow window = VoiWindow.spanning(-1024, 3071);
        assertThat(window.width()).isEqualTo(4096);
        assertThat(window.toGrey8(-1024)).isZero();
        assertThat(window.toGrey8(3071)).isEqualTo(255);
        assertThat(window.toGrey8(1023.5)).isEqualTo(128); // c - 0.5: the mid-point
        assertThat(VoiWindow.spanning(7, 7).toGrey8(7)).isZero();
    }

    @Test
    void widthBelowOneIsRejected() {
        assertThatThrownBy(() -> new VoiWindow(40, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("width at least 1").hasMessageContaining("0.5");
        assertThatThrownBy(() -> new VoiWindow(Double.NaN, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void modalityLutIsLinear() {
        ModalityLut lut = new ModalityLut(0.684, 200);
        assertThat(lut.apply(2000)).isCloseTo(1568.0, within(1e-9));
        assertThat(new ModalityLut(1, -1024).apply(-2000)).isEqualTo(-3024);
        assertThat(ModalityLut.IDENTITY.apply(-5)).isEqualTo(-5);
        assertThatThrownBy(() -> new ModalityLut(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-zero");
    }
}
