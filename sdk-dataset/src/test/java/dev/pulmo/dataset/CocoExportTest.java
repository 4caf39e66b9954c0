package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.Finding;
import dev.pulmo.geometry.CocoRle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * COCO export of the demo tree, checked against the COCO data format (cocodataset.org/#format-data) and what
 * pycocotools' {@code COCO()} indexes, and against the generator's lesions.
 */
class CocoExportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The structure COCO's format and pycocotools' createIndex need; returns annotations by image file name. */
    static Map<String, List<JsonNode>> checkCocoStructure(JsonNode coco, boolean rle) {
        assertThat(coco.fieldNames()).toIterable().contains("info", "images", "annotations", "categories");
        Map<Long, String> images = new HashMap<>();
        for (JsonNode i : coco.get("images")) {
            assertThat(i.get("id").isIntegralNumber()).isTrue();
            assertThat(i.get("file_name").isTextual()).isTrue();
            assertThat(i.get("width").asInt()).isPositive();
            assertThat(i.get("height").asInt()).isPositive();
            assertThat(images.put(i.get("id").asLong(), i.get("file_name").asText())).as("image ids are unique").isNull();
        }
        Set<Integer> categories = new HashSet<>();
        for (JsonNode c : coco.get("categories")) {
            assertThat(c.get("name").isTextual() && c.get("supercategory").isTextual()).isTrue();
            assertThat(categories.add(c.get("id").asInt())).as("category ids are unique").isTrue();
        }
        Set<Long> annotationIds = new HashSet<>();
        Map<String, List<JsonNode>> byFile = new HashMap<>();
        for (JsonNode a : coco.get("annotations")) {
            assertThat(annotationIds.add(a.get("id").asLong())).as("annotation ids are unique").isTrue();
            assertThat(images).containsKey(a.get("image_id").asLong());
            assertThat(categories).contains(a.get("category_id").asInt());
            assertThat(a.get("iscrowd").asInt()).isZero();
            assertThat(a.get("area").isNumber()).isTrue();
            JsonNode bbox = a.get("bbox");
            assertThat(bbox.size()).isEqualTo(4);
            assertThat(bbox.get(2).asDouble()).isPositive();
            assertThat(bbox.get(3).asDouble()).isPositive();
            JsonNode s = a.get("segmentation");
            if (rle) {
                assertThat(s.isObject()).isTrue();
                assertThat(s.get("size").size()).isEqualTo(2);
                assertThat(s.get("counts").isTextual()).isTrue();
            } else {
                assertThat(s.isArray() && s.size() >= 1).isTrue();
                for (JsonNode ring : s) {
                    assertThat(ring.size() % 2 == 0 && ring.size() >= 6).isTrue();
                }
            }
            byFile.computeIfAbsent(images.get(a.get("image_id").asLong()), k -> new ArrayList<>()).add(a);
        }
        return byFile;
    }

    private static String fileName(ImageKey k) {
        return DemoTree.LAYOUT.root().relativize(DemoTree.LAYOUT.dicomFile(k)).toString().replace('\\', '/');
    }

    private static Map<String, List<DemoDataset.Lesion>> lesionsByFile() {
        return DemoTree.RESULT.lesions().stream().collect(Collectors.groupingBy(l -> fileName(l.image())));
    }

    @Test
    void categoryIdsAreTheModalityOffsetPlusTheGuidelineId() {
        assertThat(CocoExport.cocoCategoryId(DemoTree.LAYOUT.catalog(), "XRY", 3)).hasValue(103);
        assertThat(CocoExport.cocoCategoryId(DemoTree.LAYOUT.catalog(), "CCT", 1)).hasValue(201);
        assertThat(CocoExport.cocoCategoryId(DemoTree.LAYOUT.catalog(), "PCT", 4)).hasValue(304);
        assertThat(CocoExport.cocoCategoryId(DemoTree.LAYOUT.catalog(), "MMG", 1)).isEmpty();
    }

    @Test
    void rleAnnotationsAreTheGeneratorsLesionsPixelForPixel(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("coco.json");
        Runs.Exported run = Runs.coco(DemoTree.LAYOUT, out, CocoExport.SegmentationKind.RLE);
        CocoExport.Summary s = run.summary();
        assertThat(run.findings()).isEmpty();
        JsonNode coco = MAPPER.readTree(out.toFile());
        Map<String, List<JsonNode>> byFile = checkCocoStructure(coco, true);
        assertThat(coco.get("images").size()).isEqualTo(DemoTree.RESULT.images()).isEqualTo((int) s.images());
        assertThat(coco.get("annotations").size()).isEqualTo(DemoTree.RESULT.lesions().size());
        assertThat(coco.get("categories").size()).isEqualTo(22);
        Map<String, List<DemoDataset.Lesion>> lesions = lesionsByFile();
        assertThat(byFile.keySet()).isEqualTo(lesions.keySet());
        for (Map.Entry<String, List<DemoDataset.Lesion>> e : lesions.entrySet()) {
            // each lesion: its box in COCO form, its pixel count as area and as the decoded RLE's foreground
            Set<String> expected = new HashSet<>();
            for (DemoDataset.Lesion l : e.getValue()) {
                int offset = Map.of("XRY", 100, "CCT", 200, "PCT", 300).get(l.image().modality());
                BoundingBox b = l.bbox();
                expected.add((offset + l.categoryId()) + " " + b.x1() + "," + b.y1() + "," + b.width() + "," + b.height() + " " + l.pixels());
            }
            Set<String> got = new HashSet<>();
            for (JsonNode a : e.getValue().isEmpty() ? List.<JsonNode>of() : byFile.get(e.getKey())) {
                JsonNode seg = a.get("segmentation");
                CocoRle rle = CocoRle.fromCompressedString(seg.get("counts").asText(), seg.get("size").get(1).asInt(), seg.get("size").get(0).asInt());
                assertThat(rle.area()).isEqualTo(a.get("area").asLong());
                JsonNode bb = a.get("bbox");
                assertThat(rle.bounds().orElseThrow()).isEqualTo(BoundingBox.fromCoco(bb.get(0).asDouble(), bb.get(1).asDouble(), bb.get(2).asDouble(), bb.get(3).asDouble()));
                got.add(a.get("category_id").asInt() + " " + bb.get(0).asDouble() + "," + bb.get(1).asDouble() + ","
                        + bb.get(2).asDouble() + "," + bb.get(3).asDouble() + " " + rle.area());
            }
            assertThat(got).as(e.getKey()).isEqualTo(expected);
        }
        assertThat(dir.toFile().list()).containsExactly("coco.json"); // no temporary file left behind
    }

    @Test
    void polygonAnnotationsAreTheJsonRingsWithCocoBoxes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sub/coco.json");
        Runs.Exported run = Runs.coco(DemoTree.LAYOUT, out, CocoExport.SegmentationKind.POLYGON);
        CocoExport.Summary s = run.summary();
        assertThat(run.findings()).isEmpty();
        JsonNode coco = MAPPER.readTree(out.toFile());
        Map<String, List<JsonNode>> byFile = checkCocoStructure(coco, false);
        assertThat(coco.get("annotations").size()).isEqualTo(DemoTree.RESULT.lesions().size());
        JsonNode first = coco.get("images").get(0);
        assertThat(first.get("id").asInt()).isEqualTo(1);
        assertThat(first.get("file_name").asText()).startsWith("chest-ct/benign/");
        assertThat(first.get("width").asInt()).isEqualTo(512);
        for (Map.Entry<String, List<DemoDataset.Lesion>> e : lesionsByFile().entrySet()) {
            for (JsonNode a : byFile.get(e.getKey())) {
                JsonNode bb = a.get("bbox");
                BoundingBox box = BoundingBox.fromCoco(bb.get(0).asDouble(), bb.get(1).asDouble(), bb.get(2).asDouble(), bb.get(3).asDouble());
                assertThat(e.getValue()).extracting(DemoDataset.Lesion::bbox).contains(box);
                JsonNode ring = a.get("segmentation").get(0);
                if (!e.getKey().startsWith("chest-ct")) {
                    // box modalities: the ring is the box's corners and the area the box's
                    assertThat(ring.size()).isEqualTo(8);
                    assertThat(a.get("area").asDouble()).isEqualTo(box.area());
                } else {
                    // CT polygons trace pixel edges: the ring's area is the lesion's pixel count
                    long pixels = e.getValue().stream().filter(l -> l.bbox().equals(box)).findFirst().orElseThrow().pixels();
                    assertThat(a.get("area").asDouble()).isEqualTo((double) pixels);
                }
            }
        }
        assertThat(coco.get("categories").get(0).get("supercategory").asText()).isIn("XRY", "CCT", "PCT");
    }

    @Test
    void brokenFilesAreFindingsAndTheRestIsExported(@TempDir Path dir) throws Exception {
        DatasetLayout copy = DemoTree.copyTo(dir);
        DemoDataset.Lesion ct = DemoTree.RESULT.lesions().stream().filter(l -> l.image().modality().equals("CCT")).findFirst().orElseThrow();
        DemoDataset.Lesion xr = DemoTree.RESULT.lesions().stream().filter(l -> l.image().modality().equals("XRY")).findFirst().orElseThrow();
        Files.writeString(copy.jsonFile(ct.image()), "[1, 2");
        Files.write(copy.maskFile(xr.image(), xr.categoryId()), new byte[] {1, 2, 3});
        Path out = dir.resolve("polygons.json");
        Runs.Exported poly = Runs.coco(copy, out, CocoExport.SegmentationKind.POLYGON);
        assertThat(poly.findings()).extracting(Finding::code).containsExactly("json.unreadable");
        checkCocoStructure(MAPPER.readTree(out.toFile()), false);
        Runs.Exported rle = Runs.coco(copy, dir.resolve("rle.json"), CocoExport.SegmentationKind.RLE);
        // the corrupt JSON is reported in RLE mode too, though the image's masks give its annotations
        assertThat(rle.findings()).extracting(Finding::code).containsExactly("json.unreadable", "mask.unreadable");
        assertThat(rle.findings().get(1).location().file()).isEqualTo(copy.maskFile(xr.image(), xr.categoryId()).toString());
        assertThat(rle.summary().images()).isEqualTo(DemoTree.RESULT.images());
    }

    @Test
    void inRleModeAnImageWithJsonButNoMasksGetsItsRingsRasterisedAsPycocotoolsDoes(@TempDir Path dir) throws Exception {
        DatasetLayout copy = DemoTree.copyTo(dir);
        DemoDataset.Lesion pet = DemoTree.RESULT.lesions().stream().filter(l -> l.image().modality().equals("PCT")).findFirst().orElseThrow();
        List<DemoDataset.Lesion> ofImage = DemoTree.RESULT.lesions().stream().filter(l -> l.image().equals(pet.image())).toList();
        for (DemoDataset.Lesion l : ofImage) {
            Files.deleteIfExists(copy.maskFile(l.image(), l.categoryId()));
        }
        Path out = dir.resolve("rle.json");
        assertThat(Runs.coco(copy, out, CocoExport.SegmentationKind.RLE).findings()).isEmpty();
        Map<String, List<JsonNode>> byFile = checkCocoStructure(MAPPER.readTree(out.toFile()), true);
        List<JsonNode> annotations = byFile.get(fileName(pet.image()));
        assertThat(annotations).hasSameSizeAs(ofImage);
        for (JsonNode a : annotations) {
            JsonNode seg = a.get("segmentation");
            CocoRle rle = CocoRle.fromCompressedString(seg.get("counts").asText(), seg.get("size").get(1).asInt(), seg.get("size").get(0).asInt());
            // a box's corners rasterised by pycocotools' rule: the box's own pixels, so the lesion's box comes back
            BoundingBox box = rle.bounds().orElseThrow();
            assertThat(ofImage).extracting(DemoDataset.Lesion::bbox).contains(box);
            assertThat(rle.area()).isEqualTo((long) box.area());
        }
    }
}
