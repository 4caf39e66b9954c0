package dev.pulmo.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.dataset.CocoExport;
import dev.pulmo.dataset.DatasetConverter;
import dev.pulmo.dataset.FindingSink;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DemoDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * A generated dataset tree (sdk-dataset's {@link DemoDataset}, converted to guideline JSON) and its
 * {@code export-coco --segmentation rle} export, made once per JVM and shared read-only; tests that damage a tree
 * copy it first. Predictions are made from the export by the tests, with known effects.
 */
final class DemoTree {
    static final ModalityCatalog CATALOG = ModalityCatalog.of(
            ServiceLoader.load(ModalityPlugin.class).stream().map(ServiceLoader.Provider::get).toList());
    static final DatasetLayout LAYOUT;
    static final Path EXPORT;
    static final JsonNode COCO;

    static {
        try {
            Path dir = Files.createTempDirectory("pulmo-evaluate-tree");
            LAYOUT = new DatasetLayout(dir.resolve("lung_cancer"), CATALOG);
            DemoDataset.generate(LAYOUT, 11, new DemoDataset.Size(2, 5, 4));
            FindingSink.Collected converted = new FindingSink.Collected();
            DatasetConverter.Summary s = new DatasetConverter(LAYOUT, DatasetConverter.Options.defaults().withThreads(2))
                    .convert(new DatasetConverter.Listener() {
                        // not a lambda: its body would be a method of this class, which the converter's worker
                        // threads could not run before this static initialiser ends (class initialisation lock)
                        @Override
                        public void imageDone(dev.pulmo.dataset.ImageKey image, DatasetConverter.Outcome outcome) {
                        }
                    }, converted);
            if (s.errors() > 0) {
                throw new IllegalStateException("the demo tree does not convert: " + converted.findings());
            }
            EXPORT = dir.resolve("export.json");
            FindingSink.Collected exported = new FindingSink.Collected();
            CocoExport.Summary export = CocoExport.export(LAYOUT, EXPORT, CocoExport.SegmentationKind.RLE, 2, exported);
            if (export.errors() > 0) {
                throw new IllegalStateException("the demo tree does not export: " + exported.findings());
            }
            COCO = new ObjectMapper().readTree(EXPORT.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DemoTree() {
    }

    /** The image entry of the export with id {@code id}. */
    static JsonNode image(long id) {
        for (JsonNode i : COCO.get("images")) {
            if (i.get("id").asLong() == id) {
                return i;
            }
        }
        throw new IllegalArgumentException("no image " + id);
    }

    /**
     * COCO results made from the export's annotations: for each, {@code make} returns a result (image_id,
     * category_id, bbox, score) or null to leave it out.
     */
    static ArrayNode results(Function<JsonNode, ObjectNode> make) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode out = mapper.createArrayNode();
        for (JsonNode a : COCO.get("annotations")) {
            ObjectNode r = make.apply(a);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** A box result. */
    static ObjectNode result(long imageId, int category, double x, double y, double w, double h, double score) {
        ObjectNode r = new ObjectMapper().createObjectNode();
        r.put("image_id", imageId);
        r.put("category_id", category);
        r.putArray("bbox").add(x).add(y).add(w).add(h);
        r.put("score", score);
        return r;
    }

    /** Writes {@code json} to {@code file}. */
    static Path write(Path file, JsonNode json) throws IOException {
        new ObjectMapper().writeValue(file.toFile(), json);
        return file;
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
