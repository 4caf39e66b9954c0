package dev.pulmo.cocojson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.Info;
import dev.pulmo.api.Segmentation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GuidelineJsonReadWriteTest {

    static List<Path> samples() {
        return Samples.ALL;
    }

    @ParameterizedTest
    @MethodSource("samples")
    void readingThenWritingOurFileReproducesItByteForByte(Path sample) throws Exception {
        byte[] original = Files.readAllBytes(sample);
        AnnotationFile file = GuidelineJson.read(sample);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GuidelineJson.write(file, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(new String(original, StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryMemberOfTheChestCtSampleAsWritten() {
        AnnotationFile f = GuidelineJson.read(Samples.CCT);
        assertThat(f.info()).isEqualTo(new Info("폐암 영상 데이터", "1.0", "Pulmo sample", "2021-05-03 10-20-30"));
        assertThat(f.categories()).hasSize(9);
        assertThat(f.categories().get(3).name()).isEqualTo("섬유화반흔");
        assertThat(f.categories().get(3).supercategoryName()).isEqualTo("Chest CT");
        ImageRecord image = f.images().get(0);
        assertThat(image.manufacturerModelName()).isEqualTo("SOMATOM Definition AS");
        assertThat(image.width()).isEqualTo(512);
        assertThat(image.seriesId()).isEqualTo("3");
        Annotation a = f.annotations().get(0);
        assertThat(a.bbox()).isEqualTo(BoundingBox.fromCorners(100, 100, 106, 106));
        assertThat(a.bbox().toCoco()).containsExactly(100, 100, 6, 6);
        assertThat(a.segmentation().pointCount()).isEqualTo(6);
        assertThat(a.segmentation().polygonArea()).isEqualTo(32.0);
        assertThat(a.area()).isEqualTo(36.0);
        assertThat(f.annotations().get(1).bbox().x1()).isEqualTo(300.5);
    }

    @Test
    void writesTheModelWithTheGuidelinesKeysAndOrder() {
        AnnotationFile f = new AnnotationFile(new Info("d", "1.0", "c", "2021-01-02 03-04-05"), List.of(),
                List.of(ImageRecord.builder().id(1).fileName("x.dcm").patientId("P1").seriesId("1").imageId("2")
                        .width(10).height(20).dateCaptured("2021-01-02 03-04-05").modality("XRY")
                        .manufacturer("M").manufacturerModelName("MM").build()),
                List.of(Annotation.ofBox(7, 1, 3, BoundingBox.fromCorners(1, 2, 4.5, 6), "tool")));
        String json = GuidelineJson.toJson(f);
        assertThat(json).contains("\"manufacturer ModelName\": \"MM\"");
        assertThat(json).contains("\"bbox\": [1.0, 2.0, 4.5, 6.0]");
        assertThat(json).contains("\"segmentation\": [1.0, 2.0, 4.5, 2.0, 4.5, 6.0, 1.0, 6.0]");
        assertThat(json).contains("\"area\": 14.0");
        assertThat(json).contains("\"categories\": []");
        // member order as in the guideline's tables
        assertThat(json.indexOf("\"id\": 7")).isLessThan(json.indexOf("\"image_id\": 1"));
        assertThat(json.indexOf("\"iscrowd\"")).isLessThan(json.indexOf("\"area\""));
        assertThat(json.indexOf("\"toolname\"")).isLessThan(json.indexOf("\"segmentation\""));
        assertThat(json.indexOf("\"info\"")).isLessThan(json.indexOf("\"categories\""));
        assertThat(json.indexOf("\"images\"")).isLessThan(json.indexOf("\"annotations\""));
        AnnotationFile back = GuidelineJsonReader.strict().read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "mem");
        assertThat(back).isEqualTo(f);
    }

    @Test
    void floatCoordinatesRoundTripWithoutDrift() {
        double[] awkward = {0.1, 1.0 / 3, 469.53692871621628, 1e-7, 123456.789012345, 2.0 / 3};
        Annotation a = Annotation.builder().id(1).imageId(1).categoryId(1).area(1.0 / 7)
                .bbox(BoundingBox.fromCorners(0.1, 1.0 / 3, 469.53692871621628, 123456.789012345))
                .toolname("t").segmentation(Segmentation.of(awkward)).width(Math.PI).height(Math.E).build();
        AnnotationFile f = new AnnotationFile(new Info("d", "v", "c", "2021-01-01 00-00-00"), List.of(), List.of(), List.of(a));
        String once = GuidelineJson.toJson(f);
        AnnotationFile back = GuidelineJsonReader.lenient().read(new ByteArrayInputStream(once.getBytes(StandardCharsets.UTF_8)), "mem");
        assertThat(back.annotations().get(0)).isEqualTo(a);
        assertThat(back.annotations().get(0).segmentation().coordinates()).containsExactly(awkward);
        assertThat(GuidelineJson.toJson(back)).isEqualTo(once);
    }

    /** Every number of an annotation is written as {@link Double#toString} gives it, whichever way the writer takes. */
    @Test
    void numbersAreWrittenAsDoubleToStringWritesThem() throws Exception {
        java.util.Random random = new java.util.Random(7);
        double[] values = new double[4000];
        double[] special = {0.0, -0.0, 1.0, -1.0, 9_999_999.0, -9_999_999.0, 1e7, -1e7, 1e7 + 1, 123456789.0, 0.5, -0.5,
                1e-3, 9.99e-4, Long.MAX_VALUE, (double) (1L << 53), 4095.0, 65536.0};
        System.arraycopy(special, 0, values, 0, special.length);
        for (int i = special.length; i < values.length; i++) {
            values[i] = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(8192);
                case 1 -> -random.nextInt(100_000_000);
                case 2 -> random.nextInt(8192) + 0.5;
                default -> random.nextGaussian() * Math.pow(10, random.nextInt(12) - 4);
            };
        }
        Annotation a = Annotation.builder().id(1).imageId(1).categoryId(1).area(values[4]).bbox(BoundingBox.fromCorners(-0.0, 0, 9_999_999, 1e7))
                .toolname("t").segmentation(Segmentation.of(values)).width(-0.0).height(123.0).build();
        String json = GuidelineJson.toJson(new AnnotationFile(new Info("d", "v", "c", "2021-01-01 00-00-00"), List.of(), List.of(), List.of(a)));
        List<String> expected = new java.util.ArrayList<>();
        expected.add(Double.toString(values[4]));
        for (double v : new double[] {-0.0, 0, 9_999_999, 1e7}) {
            expected.add(Double.toString(v));
        }
        for (double v : values) {
            expected.add(Double.toString(v));
        }
        expected.add(Double.toString(-0.0));
        expected.add(Double.toString(123.0));
        List<String> written = new java.util.ArrayList<>();
        try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(json)) {
            boolean inAnnotations = false;
            for (com.fasterxml.jackson.core.JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME && p.currentName().equals("area")) {
                    inAnnotations = true;
                }
                if (inAnnotations && t == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT) {
                    written.add(p.getText());
                }
            }
        }
        assertThat(written).containsExactlyElementsOf(expected);
    }

    @Test
    void integerIdsStayIntegers() {
        String json = GuidelineJson.toJson(GuidelineJson.read(Samples.PCT));
        assertThat(json).contains("\"id\": 1,").contains("\"category_id\": 1,").contains("\"width\": 192,");
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        String text = "{\n  \"info\": {\n    \"description\": \"x\",,\n  }\n}";
        assertThatThrownBy(() -> GuidelineJsonReader.lenient().read(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "bad.json"))
                .isInstanceOf(GuidelineJsonException.class)
                .hasMessageStartingWith("bad.json:3:24")
                .hasMessageContaining("malformed JSON")
                .satisfies(e -> {
                    GuidelineJsonException g = (GuidelineJsonException) e;
                    assertThat(g.line()).isEqualTo(3);
                    assertThat(g.column()).isEqualTo(24);
                });
    }

    @Test
    void wrongTypeNamesPointerAndLine() {
        String text = "{\"info\": {\"description\": \"d\", \"version\": \"v\", \"contributor\": \"c\", \"date_created\": \"x\"},\n"
                + "\"categories\": [], \"images\": [],\n\"annotations\": [{\"id\": \"one\"}]}";
        assertThatThrownBy(() -> GuidelineJsonReader.lenient().read(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.json"))
                .isInstanceOf(GuidelineJsonException.class)
                .hasMessage("t.json:3:24 /annotations/0/id: 'id' must be an integer, found the string \"one\"");
    }

    @Test
    void strictReaderRejectsUnknownMembersAndLenientIgnoresThem() throws Exception {
        String text = Files.readString(Samples.PCT).replace("\"toolname\": \"PulmoAnnotator\",",
                "\"toolname\": \"PulmoAnnotator\",\n      \"colour\": \"red\",");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(GuidelineJsonReader.lenient().read(new ByteArrayInputStream(bytes), "p.json").annotations()).hasSize(1);
        assertThatThrownBy(() -> GuidelineJsonReader.strict().read(new ByteArrayInputStream(bytes), "p.json"))
                .hasMessageContaining("/annotations/0/colour").hasMessageContaining("unknown member 'colour'");
    }

    @Test
    void atomicWriteLeavesNoTemporaryFileAndReplacesTheTarget(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("json/out.json");
        AnnotationFile f = GuidelineJson.read(Samples.XRY);
        GuidelineJson.write(f, target);
        GuidelineJson.write(f, target);
        assertThat(Files.readString(target)).isEqualTo(Files.readString(Samples.XRY));
        try (var s = Files.list(target.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("out.json");
        }
    }

    @Test
    void writerRefusesSectionsOutOfOrder() {
        GuidelineJsonWriter w = new GuidelineJsonWriter(new ByteArrayOutputStream());
        w.info(new Info("d", "v", "c", "t"));
        w.annotation(Annotation.ofBox(1, 1, 1, BoundingBox.fromCorners(0, 0, 1, 1), "t"));
        assertThatThrownBy(() -> w.image(ImageRecord.builder().build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot write images after annotations");
    }

    /**
     * A category table written whole (its text made once per table and copied into each document) gives the same bytes
     * as the table written category by category: the samples' tables, a table with nulls, escapes and other scripts, an
     * empty one, a table met again (from the copy kept), with and without images and annotations after it.
     */
    @Test
    void categoriesWrittenWholeAreTheBytesOfCategoriesWrittenOneByOne() {
        List<List<dev.pulmo.api.Category>> tables = new java.util.ArrayList<>();
        for (Path sample : Samples.ALL) {
            tables.add(GuidelineJson.read(sample).categories());
        }
        tables.add(List.of(new dev.pulmo.api.Category("CCT", null, 1, "\"q\" \\ /\t\u0001", 7, "폐경화 é 中"),
                new dev.pulmo.api.Category(null, "x", -3, null, Integer.MAX_VALUE, "")));
        tables.add(List.of());
        tables.add(tables.get(0)); // again: the kept text
        AnnotationFile sample = GuidelineJson.read(Samples.CCT);
        for (List<dev.pulmo.api.Category> table : tables) {
            for (boolean withContent : new boolean[] {true, false}) {
                List<ImageRecord> images = withContent ? sample.images() : List.of();
                List<Annotation> annotations = withContent ? sample.annotations() : List.of();
                ByteArrayOutputStream oneByOne = new ByteArrayOutputStream();
                GuidelineJsonWriter w = new GuidelineJsonWriter(oneByOne).info(sample.info());
                table.forEach(w::category);
                images.forEach(w::image);
                annotations.forEach(w::annotation);
                w.close();
                String whole = GuidelineJson.toJson(new AnnotationFile(sample.info(), table, images, annotations));
                assertThat(whole).as("%s, content %s", table, withContent).isEqualTo(oneByOne.toString(StandardCharsets.UTF_8));
            }
        }
        GuidelineJsonWriter w = new GuidelineJsonWriter(new ByteArrayOutputStream()).info(sample.info())
                .categories(sample.categories());
        assertThatThrownBy(() -> w.category(sample.categories().get(0))).isInstanceOf(IllegalStateException.class);
    }
}
