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

    /** NIfTI-1 datatype code of a .nii.gz (header bytes 70-71, little-endian). */
    private static int datatype(Path niiGz) throws java.io.IOException {
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(niiGz))) {
            byte[] header = in.readNBytes(72);
            return (header[70] & 0xFF) | (header[71] & 0xFF) << 8;
        }
    }

    @Test
    void petValuesSuvWritesFloatSuvOrSaysWhySeriesCannot(@TempDir Path dir) throws Exception {
        Path root = ConvertedDemo.root();
        Run r = CheckJsonCommandTest.run("export-nifti", root.toString(), "--out", dir.resolve("nn").toString(), "--pet-values", "suv");
        long petSeries;
        try (Stream<Path> s = Files.walk(root.resolve("pet-ct"))) {
            petSeries = s.filter(p -> p.getFileName().toString().equals("dcm")).count();
        }
        long refused = r.out().lines().filter(l -> l.contains("nifti.suv-unavailable")).count();
        Path pet = dir.resolve("nn/PCT/imagesTr");
        long written = 0;
        if (Files.isDirectory(pet)) {
            try (Stream<Path> s = Files.list(pet)) {
                for (Path p : s.toList()) {
                    assertThat(datatype(p)).as(p.toString()).isEqualTo(16); // FLOAT32: SUVbw
                    written++;
                }
            }
        }
        // every PET series is either in SUV or refused with the reason, never in another unit
        assertThat(written + refused).as(r.out()).isEqualTo(petSeries).isPositive();
        assertThat(r.exitCode()).isEqualTo(refused > 0 ? 1 : 0);
        try (Stream<Path> s = Files.list(dir.resolve("nn/CCT/imagesTr"))) {
            for (Path p : s.toList()) {
                assertThat(datatype(p)).as("CT keeps its stored values").isNotEqualTo(16);
            }
        }
        assertThat(CheckJsonCommandTest.run("export-nifti", root.toString(), "--out", dir.resolve("y").toString(),
                "--pet-values", "activity").exitCode()).isEqualTo(2);
    }
}
