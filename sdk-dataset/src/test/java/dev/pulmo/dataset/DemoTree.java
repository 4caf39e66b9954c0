package dev.pulmo.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One demo tree (seed 5, {@link DemoDataset.Size#DEMO}) converted to guideline JSON, shared read-only by the
 * statistics, rendering and COCO tests of this JVM; tests that damage a tree copy it first.
 */
final class DemoTree {
    static final DatasetLayout LAYOUT;
    static final DemoDataset.Result RESULT;

    static {
        try {
            Path dir = Files.createTempDirectory("pulmo-demo-tree");
            LAYOUT = new DatasetLayout(dir.resolve("lung_cancer"), DatasetScannerTest.CATALOG);
            RESULT = DemoDataset.generate(LAYOUT, 5, DemoDataset.Size.DEMO);
            Runs.Converted c = Runs.convert(LAYOUT, true, new java.util.HashMap<>());
            if (c.summary().errors() > 0) {
                throw new IllegalStateException("the demo tree does not convert: " + c.findings());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DemoTree() {
    }

    /** A copy of the tree's {@code lung_cancer} folder under {@code dir}. */
    static DatasetLayout copyTo(Path dir) throws IOException {
        Path target = dir.resolve("lung_cancer");
        try (var files = Files.walk(LAYOUT.root())) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path q = target.resolve(LAYOUT.root().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return new DatasetLayout(target, LAYOUT.catalog());
    }
}
