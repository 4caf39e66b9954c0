package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.cli.CheckJsonCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pulmo export-nifti} on the demo tree: one case per CT and PET-CT series, nnU-Net's layout, no X-ray. */
class ExportNiftiCommandTest {

    @Test
    void everyVolumetricSeriesIsACase(@TempDir Path dir) throws Exception {
        Path root = ConvertedDemo.root();
        Run r = CheckJsonCommandTest.run("export-nifti", root.toString(), "--out", dir.resolve("nn").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        for (String[] m : new String[][] {{"CCT", "chest-ct"}, {"PCT", "pet-ct"}}) {
            long series;
            try (Stream<Path> s = Files.walk(root.resolve(m[1]))) {
                series = s.filter(p -> p.getFileName().toString().equals("dcm")).count();
            }
            try (Stream<Path> s = Files.list(dir.resolve("nn").resolve(m[0]).resolve("imagesTr"))) {
                assertThat(s.filter(p -> p.toString().endsWith("_0000.nii.gz")).count()).isEqualTo(series);
            }
            try (Stream<Path> s = Files.list(dir.resolve("nn").resolve(m[0]).resolve("labelsTr"))) {
                assertThat(s.count()).isEqualTo(series);
            }
            JsonNode dataset = new ObjectMapper().readTree(dir.resolve("nn").resolve(m[0]).resolve("dataset.json").toFile());
            assertThat(dataset.get("numTraining").asLong()).isEqualTo(series);
            assertThat(r.out()).contains(dir.resolve("nn").resolve(m[0]) + ": " + series + " training cases");
        }
        assertThat(dir.resolve("nn/XRY")).doesNotExist();
        assertThat(CheckJsonCommandTest.run("export-nifti", root.toString(), "--out", dir.resolve("x").toString(), "--split",
                dir.resolve("missing.csv").toString()).exitCode()).isEqualTo(2);
    }
}
