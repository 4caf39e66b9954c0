package dev.pulmo.api.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.CategoryTable;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Info;
import dev.pulmo.api.Modality;
import dev.pulmo.api.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MinimumLesionSizeTest {
    private static final CategoryTable TABLE = new CategoryTable(Modality.of("TST", "Test"), List.of(
            new CategoryDefinition(1, "악성", "malignant", 1, "악성"),
            new CategoryDefinition(3, "양성", "benign", 2, "양성")));
    private static final MinimumLesionSize RULE =
            new MinimumLesionSize(TABLE, 4.0, List.of("PixelSpacing", "ImagerPixelSpacing"));

    /** An image's header and annotations, written by hand. */
    record Image(Map<String, String> header, List<Annotation> lesions) implements ImageContext {
        @Override public String file() { return "img.dcm"; }
        @Override public CaseClass caseClass() { return CaseClass.MALIGNANT; }
        @Override public Optional<String> attribute(String keyword) { return Optional.ofNullable(header.get(keyword)); }
        @Override public Optional<AnnotationFile> annotations() {
            return Optional.of(new AnnotationFile(new Info("p", "1", "c", "d"), List.of(), List.of(), lesions));
        }
    }

    private static Annotation box(int category, double x1, double y1, double x2, double y2) {
        return Annotation.ofBox(1, 1, category, BoundingBox.fromCorners(x1, y1, x2, y2), "tool");
    }

    @Test
    void aMalignantLesionBelowFourMillimetresIsAnError() {
        // 5 x 6 px at 0.5 mm (rows) x 0.7 mm (columns): width 5*0.7 = 3.5 mm, height 6*0.5 = 3 mm -> 3.5 mm
        List<Finding> findings = RULE.validate(new Image(Map.of("PixelSpacing", "0.5\\0.7"),
                List.of(box(1, 10, 10, 15, 16))));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.code()).isEqualTo("lesion.too-small");
            assertThat(f.location().file()).isEqualTo("img.dcm");
            assertThat(f.location().pointer()).isEqualTo("/annotations/0");
            assertThat(f.message()).contains("3.5 mm").contains("minimum of 4 mm");
        });
    }

    @Test
    void sizeIsTheLargerExtentAndExactlyFourMillimetresPasses() {
        // 8 px wide at 0.5 mm/column = 4 mm, 1 px high: passes; rows/columns are not swapped
        assertThat(RULE.validate(new Image(Map.of("PixelSpacing", "2.0\\0.5"), List.of(box(1, 0, 0, 8, 1)))))
                .isEmpty();
        // the same box with spacings swapped: 8 * 2.0 = 16 mm wide
        assertThat(RULE.validate(new Image(Map.of("PixelSpacing", "0.5\\2.0"), List.of(box(1, 0, 0, 8, 1)))))
                .isEmpty();
        // 7 px at 0.5 mm and 1 px at 2 mm: 3.5 mm
        assertThat(RULE.validate(new Image(Map.of("PixelSpacing", "2.0\\0.5"), List.of(box(1, 0, 0, 7, 1)))))
                .hasSize(1);
    }

    @Test
    void benignLesionsAndUnknownCategoriesAreNotChecked() {
        assertThat(RULE.validate(new Image(Map.of("PixelSpacing", "1\\1"),
                List.of(box(3, 0, 0, 1, 1), box(99, 0, 0, 1, 1))))).isEmpty();
    }

    @Test
    void withoutSpacingTheRuleDoesNotApplyAndImagerSpacingIsTheFallback() {
        Image noSpacing = new Image(Map.of(), List.of(box(1, 0, 0, 1, 1)));
        assertThat(RULE.validate(noSpacing)).isEmpty();
        Image imager = new Image(Map.of("ImagerPixelSpacing", "0.1\\0.1"), List.of(box(1, 0, 0, 30, 30)));
        assertThat(RULE.validate(imager)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("3 mm"));
    }

    @Test
    void malformedSpacingIsReportedOnce() {
        Image bad = new Image(Map.of("PixelSpacing", "0.5"), List.of(box(1, 0, 0, 1, 1), box(1, 0, 0, 2, 2)));
        assertThat(RULE.validate(bad)).singleElement().satisfies(f -> {
            assertThat(f.location().pointer()).isEqualTo("PixelSpacing");
            assertThat(f.message()).contains("'0.5'").contains("two positive numbers");
        });
    }

    @Test
    void rejectsNonsenseConfiguration() {
        assertThatThrownBy(() -> new MinimumLesionSize(TABLE, 0, List.of("PixelSpacing")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MinimumLesionSize(TABLE, 4, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
