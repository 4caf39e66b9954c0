package dev.pulmo.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Name-based UIDs: RFC 4122 version 5 UUIDs as {@code 2.25.<decimal>}, held to Python's {@code uuid.uuid5}. */
class UidsTest {
    /** RFC 4122's DNS namespace, as in Python's {@code uuid.NAMESPACE_DNS}. */
    private static final UUID NAMESPACE = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    @Test
    void sameAsPythonsUuid5() {
        // python3 -c "import uuid; print('2.25.%d' % uuid.uuid5(uuid.NAMESPACE_DNS, NAME).int)"
        assertThat(Uids.fromName(NAMESPACE, "1.2.840.113619.2.55.3.604688119.969.1268071029.320"))
                .isEqualTo("2.25.292609631920341838865951757256565420873");
        assertThat(Uids.fromName(NAMESPACE, "x")).isEqualTo("2.25.7567326559435121659774093805196755578");
    }

    @Test
    void theSameOnEveryThreadAndCall() throws Exception {
        String expected = Uids.fromName(NAMESPACE, "x");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String name = i % 2 == 0 ? "x" : "y" + i;
                results.add(pool.submit(() -> Uids.fromName(NAMESPACE, name)));
            }
            for (int i = 0; i < results.size(); i += 2) {
                assertThat(results.get(i).get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }
}
