package dev.pulmo.cocojson.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The annotation-id set against {@code HashSet<Long>}: the same answers to every add, through many growths. */
class LongHashSetTest {

    @Test
    void agreesWithHashSetThroughGrowthDuplicatesAndTheMarkerValue() {
        Random random = new Random(20261208);
        for (int round = 0; round < 200; round++) {
            LongHashSet set = new LongHashSet();
            Set<Long> expected = new HashSet<>();
            int adds = random.nextInt(round < 100 ? 40 : 5_000);
            for (int i = 0; i < adds; i++) {
                long v = switch (random.nextInt(5)) {
                    case 0 -> Long.MIN_VALUE; // the value the set uses to mark an empty slot
                    case 1 -> random.nextLong();
                    case 2 -> (long) random.nextInt(64) << 32; // values whose low bits collide
                    default -> random.nextInt(adds + 1); // small ids, with duplicates
                };
                assertThat(set.add(v)).as("add(%d) in round %d", v, round).isEqualTo(expected.add(v));
                assertThat(set.size()).isEqualTo(expected.size());
            }
        }
    }
}
