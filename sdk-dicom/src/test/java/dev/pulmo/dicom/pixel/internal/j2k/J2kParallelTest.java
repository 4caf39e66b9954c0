package dev.pulmo.dicom.pixel.internal.j2k;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.testing.SharedData;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * Code-blocks decoded by the caller and common-pool tasks give the samples one thread gives: the corpus's 512 x 512
 * CT (64 code-blocks, at the {@link J2kDecoder#PARALLEL_MIN_SAMPLES} threshold) decoded both ways, repeatedly, so
 * that jobs are taken in different orders. (Which thread takes which block depends on the pool; on a machine
 * with one processor the pool has no worker and both decodes run on the caller.)
 */
class J2kParallelTest {
    @Test
    void poolDecodeEqualsSingleThreadDecode() {
        byte[] stream = PixelData.from(DicomReader.create()
                .read(SharedData.dicomCorpus().resolve("explicit_VR-UN.dcm"))).encodedFrame(0);
        J2kImage alone = J2kDecoder.decode(stream, 0, 512 * 512, false);
        assertThat(alone.width() * alone.height()).isGreaterThanOrEqualTo(J2kDecoder.PARALLEL_MIN_SAMPLES);
        // 64 code-blocks: the caller and up to 7 pool workers (8 blocks each at least)
        assertThat(J2kDecoder.workers(64, 512 * 512, true))
                .isEqualTo(Math.min(ForkJoinPool.getCommonPoolParallelism() + 1, 8));
        assertThat(J2kDecoder.workers(64, 512 * 512, false)).isEqualTo(1);
        for (int i = 0; i < 5; i++) {
            J2kImage pooled = J2kDecoder.decode(stream, 0, 512 * 512, true);
            assertThat(pooled.planes()).isDeepEqualTo(alone.planes());
        }
    }
}
