package dev.pulmo.example.mammography;

import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.CategoryTable;
import dev.pulmo.api.Modality;
import dev.pulmo.api.plugin.AreaRule;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ExportRule;
import dev.pulmo.api.plugin.GeometryKind;
import dev.pulmo.api.plugin.MinimumLesionSize;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.api.plugin.Validator;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * An example fourth modality, mammography ({@code MMG}), written against the plugin SPI only. It is not part
 * of the lung-cancer guideline: its categories and rules are illustrative. It shows the three things a
 * plugin supplies: data (code, folder, prefix, category table), an export rule, and validators.
 *
 * <p>{@code @Component} makes bnd write {@code OSGI-INF/…xml} and the {@code Service-Component} header, so an
 * OSGi framework with Declarative Services registers it; {@code META-INF/services} lists it for
 * {@code ServiceLoader}, so the same jar also works on a plain classpath.
 */
@Component(service = ModalityPlugin.class)
public final class MammographyPlugin implements ModalityPlugin {
    static final Modality MMG = Modality.of("MMG", "Mammography");

    /** Group 1 is malignant and group 2 benign, as in the guideline's tables; names at most 10 code points. */
    static final CategoryTable CATEGORIES = new CategoryTable(MMG, List.of(
            new CategoryDefinition(1, "악성_종괴", "malignant mass", 1, "악성"),
            new CategoryDefinition(2, "악성_석회화", "malignant calcification", 1, "악성"),
            new CategoryDefinition(3, "양성_종괴", "benign mass", 2, "양성"),
            new CategoryDefinition(4, "양성_석회화", "benign calcification", 2, "양성")));

    /** Boxes, area from the box; specks under 4 pixels are scanner noise, not lesions, and are dropped. */
    static final ExportRule EXPORT_RULE = new ExportRule(GeometryKind.BOX, 0, 4, AreaRule.BBOX);

    private static final List<Validator> VALIDATORS = List.of(new StandardView(),
            new MinimumLesionSize(CATEGORIES, 2.0, List.of("PixelSpacing", "ImagerPixelSpacing")));

    @Override public Modality modality() { return MMG; }
    @Override public String folderName() { return "mammography"; }
    @Override public String filePrefix() { return "mmg"; }
    @Override public CategoryTable categoryTable() { return CATEGORIES; }
    @Override public ExportRule exportRule() { return EXPORT_RULE; }
    @Override public Set<CaseClass> classesWithMasks() { return Set.of(CaseClass.BENIGN, CaseClass.MALIGNANT); }
    @Override public List<Validator> validators() { return VALIDATORS; }
}
