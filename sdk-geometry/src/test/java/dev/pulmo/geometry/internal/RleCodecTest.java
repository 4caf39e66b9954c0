package dev.pulmo.geometry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The run-by-run {@link RleCodec#toBbox} against the literal transcription of pycocotools' C {@code rleToBbox}. */
class RleCodecTest {

    @Property(tries = 400)
    void toBboxEqualsTheLiteralCTranscription(@ForAll @IntRange(min = 1, max = 40) int width,
                                              @ForAll @IntRange(min = 1, max = 40) int height,
                                              @ForAll long seed) {
        Random random = new Random(seed);
        int total = width * height;
        int[] counts = new int[1 + random.nextInt(12)];
        int left = total;
        for (int i = 0; i < counts.length - 1; i++) {
            // zero-length runs included: pycocotools' counts may start with 0, and zeros elsewhere make the C wrap
            counts[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(left + 1);
            left -= counts[i];
        }
        counts[counts.length - 1] = left;
        assertThat(RleCodec.toBbox(counts, width, height)).containsExactly(RleCodec.toBboxLiterally(counts, width, height));
    }
}
