package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.cli.CheckJsonCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCocoCommandTest {

    @Test
    void rleExportHasEveryImageAndAnnotationOfTheTree(@TempDir Path dir) throws Exception {
        Path root = ConvertedDemo.root();
        Path out = dir.resolve("export").resolve("coco.json");
        Run r = CheckJsonCommandTest.run("export-coco", root.toString(), "--out", out.getParent().toString(), "--images", "none",
                "--segmentation", "rle");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonNode coco = new ObjectMapper().readTree(out.toFile());
        long images;
        long annotations = 0;
        try (Stream<Path> s = Files.walk(root)) {
            images = s.filter(p -> p.toString().endsWith(".dcm") && !p.toString().endsWith("_binary.dcm")).count();
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path json : s.filter(p -> p.toString().endsWith(".json")).toList()) {
                annotations += new ObjectMapper().readTree(json.toFile()).get("annotations").size();
            }
        }
        assertThat(coco.get("images").size()).isEqualTo((int) images);
        assertThat(coco.get("annotations").size()).isEqualTo((int) annotations);
        assertThat(r.out()).contains("coco.json: " + images + " images").contains(annotations + " annotations (rle), 0 PNG images");
        Set<String> files = new HashSet<>();
        for (JsonNode i : coco.get("images")) {
            assertThat(Files.isRegularFile(root.resolve(i.get("file_name").asText()))).isTrue();
            files.add(i.get("file_name").asText());
        }
        assertThat(files).hasSize((int) images);
        for (JsonNode a : coco.get("annotations")) {
            assertThat(a.get("segmentation").get("size").get(0).asInt()).isIn(192, 512, 1024);
        }
    }

    @Test
    void theOutputPassesAPythonCheckOfWhatPycocotoolsNeeds(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("export").resolve("coco.json");
        assertThat(CheckJsonCommandTest.run("export-coco", ConvertedDemo.root().toString(), "--out", out.getParent().toString()).exitCode()).isZero();
        Path script = dir.resolve("check.py");
        Files.writeString(script, String.join("\n",
                "import json, sys",
                "d = json.load(open(sys.argv[1]))",
                "assert set(['images', 'annotations', 'categories']) <= set(d), 'sections'",
                "imgs = {i['id']: i for i in d['images']}",
                "assert len(imgs) == len(d['images']), 'image ids unique'",
                "cats = {c['id'] for c in d['categories']}",
                "ids = [a['id'] for a in d['annotations']]",
                "assert len(set(ids)) == len(ids), 'annotation ids unique'",
                "for a in d['annotations']:",
                "    assert a['image_id'] in imgs and a['category_id'] in cats, a['id']",
                "    x, y, w, h = a['bbox']",
                "    i = imgs[a['image_id']]",
                "    assert 0 <= x and 0 <= y and w > 0 and h > 0 and x + w <= i['width'] and y + h <= i['height'], a['id']",
                "    assert isinstance(a['segmentation'], list) and all(len(p) >= 6 and len(p) % 2 == 0 for p in a['segmentation'])",
                "    assert a['area'] > 0 and a['iscrowd'] == 0",
                "import os",
                "for i in d['images']:",
                "    assert os.path.isfile(os.path.join(os.path.dirname(sys.argv[1]), 'images', i['file_name'])), i['file_name']",
                "print('ok', len(imgs), len(ids))", ""));
        Process p;
        try {
            p = new ProcessBuilder("python3", script.toString(), out.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("python3 is not installed: " + e.getMessage());
            return;
        }
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
        assertThat(output).startsWith("ok ");
    }

    @Test
    void aMissingRootIsExitTwoAndAnUnreadableMaskExitOne(@TempDir Path dir) throws Exception {
        assertThat(CheckJsonCommandTest.run("export-coco", dir.resolve("none").toString(), "--out", dir.resolve("c").toString()).exitCode()).isEqualTo(2);
        assertThat(CheckJsonCommandTest.run("export-coco", ConvertedDemo.root().toString(), "--out", dir.resolve("c").toString(),
                "--window", "wide").err()).contains("expected lung, mediastinum, auto or centre,width");
        assertThat(CheckJsonCommandTest.run("export-coco", ConvertedDemo.root().toString(), "--out", dir.resolve("c").toString(),
                "--modality", "MMG").err()).contains("--modality MMG: expected a loaded modality (known: XRY, CCT, PCT)");
        Path masks = dir.resolve("lung_cancer/chest-ct/malignant/P1/1/binary");
        Files.createDirectories(masks);
        Files.createDirectories(masks.resolveSibling("dcm"));
        Files.copy(firstCtImage(), masks.resolveSibling("dcm").resolve("cct_P1_1_1.dcm"));
        Files.writeString(masks.resolve("cct_P1_1_1_1_binary.dcm"), "broken");
        Run r = CheckJsonCommandTest.run("export-coco", dir.toString(), "--out", dir.resolve("c").toString(), "--segmentation", "rle");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("ERROR mask.unreadable").contains("coco.json: 1 images").contains("0 annotations (rle), 1 PNG images");
        assertThat(new ObjectMapper().readTree(dir.resolve("c/coco.json").toFile()).get("images").size()).isEqualTo(1);
    }

    private static Path firstCtImage() throws Exception {
        try (Stream<Path> s = Files.walk(ConvertedDemo.root().resolve("chest-ct"))) {
            return s.filter(p -> p.toString().endsWith(".dcm") && p.getParent().getFileName().toString().equals("dcm")).sorted().findFirst().orElseThrow();
        }
    }
}
