package dev.pulmo.cocojson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.Category;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.Info;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file with 1,000,000 annotations is written, read and validated in bounded memory. Surefire runs this
 * module's tests with {@code -Xmx256m} (see the pom), so holding the file or its annotations in memory
 * (≈ 250 MB of text, ≈ 300 MB of objects) would fail with OutOfMemoryError.
 */
class LargeFileTest {
    private static final int ANNOTATIONS = 1_000_000;

    @Test
    void aMillionAnnotationsStreamThroughA256MegabyteHeap(@TempDir Path dir) throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("this test is meaningful only with -Xmx256m").isLessThanOrEqualTo(300L << 20);
        Path file = dir.resolve("big.json");
        long expectedCoordinateSum = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             GuidelineJsonWriter w = new GuidelineJsonWriter(out)) {
            w.info(new Info("large", "1.0", "test", "2021-05-03 10-20-30"));
            Samples.CATALOG.find("PCT").orElseThrow().categoryTable().toJsonCategories().forEach(w::category);
            w.image(ImageRecord.builder().id(1).fileName("pct_P1_1_1.dcm").patientId("P1").seriesId("1").imageId("1")
                    .width(4096).height(4096).dateCaptured("2021-05-03 10-20-30").modality("PCT")
                    .manufacturer("m").manufacturerModelName("n").build());
            for (int i = 0; i < ANNOTATIONS; i++) {
                int x = i % 4000;
                int y = (i / 4000) % 4000;
                w.annotation(Annotation.ofBox(i + 1, 1, 1 + i % 4, BoundingBox.fromCorners(x, y, x + 5, y + 3), "t"));
                expectedCoordinateSum += x + y;
            }
        }
        assertThat(Files.size(file)).isGreaterThan(200L << 20);

        AtomicLong count = new AtomicLong();
        AtomicLong coordinateSum = new AtomicLong();
        GuidelineJsonReader.strict().read(file, new GuidelineJsonVisitor() {
            @Override
            public void annotation(Annotation a) {
                count.incrementAndGet();
                coordinateSum.addAndGet((long) (a.bbox().x1() + a.bbox().y1()));
            }
        });
        assertThat(count.get()).isEqualTo(ANNOTATIONS);
        assertThat(coordinateSum.get()).isEqualTo(expectedCoordinateSum);

        assertThat(GuidelineJsonValidator.of(Samples.CATALOG).validate(file)).isEmpty();
    }

    @Test
    void categoriesOfAPluginTableWriteAsTheGuidelinesEntries() {
        Category first = Samples.CATALOG.find("PCT").orElseThrow().categoryTable().toJsonCategories().get(0);
        assertThat(first).isEqualTo(new Category("PCT", "PET-CT", 1, "악성", 1, "악성_림프절"));
    }
}
