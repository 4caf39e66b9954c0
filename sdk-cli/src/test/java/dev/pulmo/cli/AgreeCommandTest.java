package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.cli.CheckJsonCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgreeCommandTest {
    static final Path SAMPLE = CheckJsonCommandTest.EXAMPLES.resolve("xry_A000001_1_1.json");

    /** The X-ray sample's box is [812, 640, 868, 702]: 56 x 62 = 3472 px². */
    private static void writeShifted(Path target, double dx) throws Exception {
        String s = Files.readString(SAMPLE)
                .replace("812.0", String.valueOf(812.0 + dx)).replace("868.0", String.valueOf(868.0 + dx));
        Files.createDirectories(target.getParent());
        Files.writeString(target, s);
    }

    @Test
    void identicalAnnotationsPassAndAShiftedBoxMustBeRedone(@TempDir Path dir) throws Exception {
        writeShifted(dir.resolve("expert/a.json"), 0);
        writeShifted(dir.resolve("trainee/a.json"), 0);
        writeShifted(dir.resolve("expert/b.json"), 0);
        // shifted by 4 px of 56: intersection 52 x 62, union 60 x 62 -> IoU 52/60 = 0.8667
        writeShifted(dir.resolve("trainee/b.json"), 4);
        Run r = CheckJsonCommandTest.run("agree", dir.resolve("trainee").toString(), dir.resolve("expert").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("pass  iou 1.0000  a.json").contains("FAIL  iou 0.8667  b.json")
                .contains("2 images, mean iou 0.9333, threshold 0.90: 1 to redo").contains("redo:\n  b.json".replace("\n", System.lineSeparator()));
        // Dice of the same pair: 2*52/(56+56) = 0.9286 passes
        Run dice = CheckJsonCommandTest.run("agree", "--metric", "dice", "--format", "json",
                dir.resolve("trainee").toString(), dir.resolve("expert").toString());
        assertThat(dice.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(dice.out());
        assertThat(json.at("/images/1/score").asDouble()).isEqualTo(2 * 52.0 / 112, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(json.at("/summary/passed").asBoolean()).isTrue();
    }

    @Test
    void badArgumentsExitTwo(@TempDir Path dir) {
        assertThat(CheckJsonCommandTest.run("agree", dir.toString(), dir.resolve("x").toString()).exitCode()).isEqualTo(2);
        assertThat(CheckJsonCommandTest.run("agree", "--metric", "f1", dir.toString(), dir.toString()).exitCode()).isEqualTo(2);
        assertThat(CheckJsonCommandTest.run("agree", "--threshold", "1.5", dir.toString(), dir.toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void aFlatTraineeFolderPairsWithTheExpertTreeByNameAndTheUnmatchedAreNamed(@TempDir Path dir) throws Exception {
        writeShifted(dir.resolve("expert/lung_cancer/x-ray/malignant/A000001/1/json/a.json"), 0);
        writeShifted(dir.resolve("expert/lung_cancer/x-ray/malignant/A000002/1/json/b.json"), 0);
        writeShifted(dir.resolve("trainee/a.json"), 0);
        writeShifted(dir.resolve("trainee/c.json"), 0);
        Run r = CheckJsonCommandTest.run("agree", dir.resolve("trainee").toString(), dir.resolve("expert").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("pass  iou 1.0000  lung_cancer/x-ray/malignant/A000001/1/json/a.json")
                .contains("paired by file name: 1 matched, 1 trainee files without an expert file, 1 expert files without a trainee file")
                .contains("WARNING agree.no-expert").contains("ERROR agree.no-trainee");

        Run json = CheckJsonCommandTest.run("agree", "--format", "JSON", dir.resolve("trainee").toString(), dir.resolve("expert").toString());
        JsonNode summary = new ObjectMapper().readTree(json.out()).get("summary");
        assertThat(summary.get("matched").asInt()).isEqualTo(1);
        assertThat(summary.get("trainee_only").get(0).asText()).isEqualTo("c.json");
        assertThat(summary.get("expert_only").get(0).asText()).isEqualTo("lung_cancer/x-ray/malignant/A000002/1/json/b.json");
    }

    @Test
    void theJsonKeysAreSnakeCaseEverywhere(@TempDir Path dir) throws Exception {
        writeShifted(dir.resolve("expert/a.json"), 0);
        writeShifted(dir.resolve("trainee/a.json"), 2);
        Run r = CheckJsonCommandTest.run("agree", "--format", "json", dir.resolve("trainee").toString(), dir.resolve("expert").toString());
        java.util.List<String> keys = new java.util.ArrayList<>();
        collectKeys(new ObjectMapper().readTree(r.out()), keys);
        assertThat(keys).contains("category_id", "trainee_id", "expert_id", "mean_score", "to_redo")
                .allSatisfy(k -> assertThat(k).matches("[a-z0-9_]+"));
    }

    private static void collectKeys(JsonNode node, java.util.List<String> keys) {
        node.fieldNames().forEachRemaining(keys::add);
        node.elements().forEachRemaining(child -> collectKeys(child, keys));
    }

    @Test
    void aFifoIsRefusedNotPassedAsAnAnnotatorWithNoImages(@TempDir Path dir) throws Exception {
        Path fifo = FuzzInputs.fifo(dir.resolve("trainee.json"));
        org.junit.jupiter.api.Assumptions.assumeTrue(fifo != null, "mkfifo is not available");
        writeShifted(dir.resolve("expert.json"), 0);
        Run r = CheckJsonCommandTest.run("agree", fifo.toString(), dir.resolve("expert.json").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("trainee.json: not a regular file (a FIFO, socket or device); not opened");
    }
}
