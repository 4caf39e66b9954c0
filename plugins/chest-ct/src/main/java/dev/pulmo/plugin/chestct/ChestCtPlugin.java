package dev.pulmo.plugin.chestct;

import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.CategoryTable;
import dev.pulmo.api.Modality;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ExportRule;
import dev.pulmo.api.plugin.IngestRules;
import dev.pulmo.api.plugin.MinimumNoduleSize;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.api.plugin.SeriesValidator;
import dev.pulmo.api.plugin.Validator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Chest CT: one polygon per lesion part (SPEC.md §1), the 9-category lung table (§3), slices 2–10 mm thick,
 * series without gaps between slices and of one slice thickness, malignant nodules of at least 4 mm (§6), measured on
 * the 3-D nodule (a series rule, {@link MinimumNoduleSize}), not on each slice. Registered as a Declarative Services
 * component and in {@code META-INF/services}.
 */
@Component(service = ModalityPlugin.class)
public final class ChestCtPlugin implements ModalityPlugin {
    static final Modality CCT = Modality.of("CCT", "Chest CT");

    /** Guideline table 1.3.2.1, CCT/XRY rows; aliases are the guideline's own misspellings. */
    static final CategoryTable CATEGORIES = new CategoryTable(CCT, List.of(
            new CategoryDefinition(1, "악성", "malignant", 1, "악성"),
            new CategoryDefinition(2, "전이성_병변", "metastatic lesion", 1, "악성"),
            new CategoryDefinition(3, "양성", "benign", 2, "양성"),
            new CategoryDefinition(4, "섬유화반흔", "fibrotic scar", 2, "양성", List.of("섬유유화반흔")),
            new CategoryDefinition(5, "폐경화", "consolidation", 2, "양성"),
            new CategoryDefinition(6, "기흉", "pneumothorax", 2, "양성"),
            new CategoryDefinition(7, "무기폐", "atelectasis", 2, "양성"),
            new CategoryDefinition(8, "흉막_삼출", "pleural effusion", 2, "양성", List.of("흉막삼출")),
            new CategoryDefinition(9, "폐섬유화", "pulmonary fibrosis", 2, "양성")));

    private static final List<Validator> VALIDATORS = List.of(new SliceThicknessRange());
    private static final List<SeriesValidator> SERIES_VALIDATORS = List.of(new SliceSpacing(), new SliceThicknessConsistency(),
            new MinimumNoduleSize(CATEGORIES, 4.0));

    private static final IngestRules INGEST = new ChestCtIngest();

    @Override public Modality modality() { return CCT; }
    @Override public String folderName() { return "chest-ct"; }
    @Override public String filePrefix() { return "cct"; }
    @Override public CategoryTable categoryTable() { return CATEGORIES; }
    @Override public ExportRule exportRule() { return ExportRule.polygons(); }
    @Override public Set<CaseClass> classesWithMasks() { return Set.of(CaseClass.BENIGN, CaseClass.MALIGNANT); }
    @Override public List<Validator> validators() { return VALIDATORS; }
    @Override public List<SeriesValidator> seriesValidators() { return SERIES_VALIDATORS; }
    @Override public Optional<IngestRules> ingestRules() { return Optional.of(INGEST); }
}
