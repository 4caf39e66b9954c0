package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.cli.CheckJsonCommandTest.Run;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pulmo nodules} on the demo tree: the CSV and JSON agree, and every mask pixel of a volume is in one nodule. */
class NodulesCommandTest {

    @Test
    void everyMaskVoxelOfTheCtAndPetSeriesIsInExactlyOneNodule(@TempDir Path dir) throws Exception {
        Path root = ConvertedDemo.root();
        Run json = CheckJsonCommandTest.run("nodules", root.toString(), "--format", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode nodules = new ObjectMapper().readTree(json.out());
        assertThat(nodules.size()).isPositive();
        // independent count: the foreground pixels of every mask file, per series folder and category
        Map<String, Long> pixels = new HashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path mask : files.filter(p -> p.toString().endsWith("_binary.dcm")).toList()) {
                String[] parts = mask.getFileName().toString().split("_");
                String series = root.relativize(mask.getParent().getParent()).toString().replace('\\', '/');
                if (series.startsWith("x-ray/")) {
                    continue; // 2-D: no nodules
                }
                pixels.merge(series + "#" + parts[4], BinaryMaskDicom.read(mask).areaPixels(), Long::sum);
            }
        }
        Map<String, Long> voxels = new HashMap<>();
        for (JsonNode n : nodules) {
            String series = n.get("series").asText();
            assertThat(Files.isDirectory(root.resolve(series).resolve("dcm"))).as(series).isTrue();
            if (Files.isDirectory(root.resolve(series).resolve("binary"))) { // else from the JSON's rings (benign PET-CT)
                voxels.merge(series + "#" + n.get("category_id").asInt(), n.get("voxels").asLong(), Long::sum);
            }
            assertThat(n.get("long_axis_mm").asDouble()).isGreaterThanOrEqualTo(n.get("short_axis_mm").asDouble());
            assertThat(n.get("centroid_lps").size()).isEqualTo(3);
        }
        assertThat(voxels).isEqualTo(pixels);

        Path out = dir.resolve("nodules.csv");
        Run csv = CheckJsonCommandTest.run("nodules", root.toString(), "--out", out.toString());
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        assertThat(csv.out()).isEmpty();
        long dicomFiles; // the summary counts the DICOM images read, as validate's does
        try (Stream<Path> files = Files.walk(root)) {
            dicomFiles = files.filter(f -> f.getParent().getFileName().toString().equals("dcm")).count();
        }
        assertThat(csv.err()).contains(dicomFiles + " files checked: 0 errors");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("series,category_id,first_image,last_image,voxels,volume_mm3,long_axis_mm,short_axis_mm,centroid_lps");
        assertThat(lines).hasSize(nodules.size() + 1);
        for (int i = 0; i < nodules.size(); i++) {
            JsonNode n = nodules.get(i);
            assertThat(lines.get(i + 1)).startsWith(n.get("series").asText() + "," + n.get("category_id").asInt() + ","
                    + n.get("first_image").asText() + "," + n.get("last_image").asText() + "," + n.get("voxels").asLong() + ",");
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).containsExactly(out); // no temporary file left
        }
    }

    @Test
    void aMissingRootIsAUsageError() {
        Run r = CheckJsonCommandTest.run("nodules", "/nonexistent/tree");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no such folder");
    }
}
