package dev.pulmo.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or broken COCO files: a clear error naming the file and the place, quickly, without exhausting memory. */
class BadInputTest {
    private static final String GT = """
            {"images": [{"id": 1, "file_name": "a.dcm", "width": 40, "height": 30}],
             "categories": [{"id": 1, "name": "lesion"}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "iscrowd": 0, "area": 100, "bbox": [0, 0, 10, 10],
                              "segmentation": [[0, 0, 10, 0, 10, 10, 0, 10]]}]}
            """;

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void deepNestingIsRefusedNotRecursedInto() throws IOException {
        Path truth = file("gt.json", GT);
        Path pred = file("deep.json", "[".repeat(5000) + "]".repeat(5000));
        assertThatThrownBy(() -> CocoFiles.readResults(pred, CocoFiles.readGroundTruth(truth), IouType.BBOX))
                .isInstanceOf(EvaluationException.class).hasMessageContaining("deep.json");
    }

    @Test
    void masksThatDoNotFitTheirSizeAreErrorsNamingTheResult() throws IOException {
        CocoFiles.GroundTruth truth = CocoFiles.readGroundTruth(file("gt.json", GT));
        Path counts = file("counts.json", """
                [{"image_id": 1, "category_id": 1, "score": 0.5, "segmentation": {"size": [30, 40], "counts": [5, 5]}}]
                """);
        assertThatThrownBy(() -> CocoFiles.readResults(counts, truth, IouType.SEGM)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("counts.json /0/segmentation").hasMessageContaining("add up to 10");
        Path string = file("string.json", """
                [{"image_id": 1, "category_id": 1, "score": 0.5, "segmentation": {"size": [30, 40], "counts": "~~~"}}]
                """);
        assertThatThrownBy(() -> CocoFiles.readResults(string, truth, IouType.SEGM)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("string.json /0/segmentation").hasMessageContaining("character 0");
        Path size = file("size.json", """
                [{"image_id": 1, "category_id": 1, "score": 0.5, "segmentation": {"size": [30.5, 40], "counts": "PP"}}]
                """);
        assertThatThrownBy(() -> CocoFiles.readResults(size, truth, IouType.SEGM)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("size.json /0/segmentation/size");
    }

    @Test
    void groundTruthRegionsThatCannotBeDecodedNameTheImageAndAnnotation() throws IOException {
        CocoFiles.GroundTruth truth = CocoFiles.readGroundTruth(file("gt.json", GT.replace(
                "\"segmentation\": [[0, 0, 10, 0, 10, 10, 0, 10]]", "\"segmentation\": {\"size\": [30, 40], \"counts\": [1, 2]}")));
        CocoFiles.Results results = CocoFiles.readResults(file("p.json", """
                [{"image_id": 1, "category_id": 1, "score": 0.5, "bbox": [0, 0, 10, 10]}]
                """), truth, IouType.SEGM);
        assertThatThrownBy(() -> CocoFiles.evaluate(truth, results, IouType.SEGM, CocoParams.defaults()))
                .isInstanceOf(EvaluationException.class).hasMessageContaining("a.dcm (image 1): annotation 1");
    }

    @Test
    void aMalformedBoxMattersOnlyToABoxEvaluation() throws IOException {
        // pycocotools reads bbox only for iouType bbox: a segm evaluation of the same files works
        CocoFiles.GroundTruth truth = CocoFiles.readGroundTruth(file("gt.json", GT.replace("\"bbox\": [0, 0, 10, 10]", "\"bbox\": [0, 0, 10]")));
        Path pred = file("p.json", """
                [{"image_id": 1, "category_id": 1, "score": 0.5, "bbox": [], "segmentation": {"size": [30, 40], "counts": [0, 10, 1190]}}]
                """);
        CocoFiles.Results segm = CocoFiles.readResults(pred, truth, IouType.SEGM);
        assertThat(CocoFiles.evaluate(truth, segm, IouType.SEGM, CocoParams.defaults()).summarize().stats()[1]).isZero();
        assertThat(segm.of(1).get(0).bbox()).containsExactly(0, 0, 1, 10);
        assertThatThrownBy(() -> CocoFiles.readResults(pred, truth, IouType.BBOX)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("p.json /0/bbox: expected 4 numbers");
        Path boxes = file("b.json", "[{\"image_id\": 1, \"category_id\": 1, \"score\": 0.5, \"bbox\": [0, 0, 10, 10]}]");
        CocoFiles.Results box = CocoFiles.readResults(boxes, truth, IouType.BBOX);
        assertThatThrownBy(() -> CocoFiles.evaluate(truth, box, IouType.BBOX, CocoParams.defaults()))
                .isInstanceOf(EvaluationException.class).hasMessageContaining("annotation 1 has no bbox of 4 numbers");
    }

    @Test
    void notCocoAtAllSaysWhatWasExpected() throws IOException {
        assertThatThrownBy(() -> CocoFiles.readGroundTruth(file("list.json", "[1, 2]"))).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("list.json").hasMessageContaining("expected a COCO object");
        assertThatThrownBy(() -> CocoFiles.readGroundTruth(file("none.json", "{\"images\": []}")))
                .isInstanceOf(EvaluationException.class).hasMessageContaining("needs \"images\" and \"categories\"");
        Path truth = file("gt.json", GT);
        assertThatThrownBy(() -> CocoFiles.readResults(file("score.json", "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0,0,1,1], \"score\": \"high\"}]"),
                CocoFiles.readGroundTruth(truth), IouType.BBOX)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("score.json /0/score: expected a number, found a string");
    }
}
