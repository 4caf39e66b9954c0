package dev.pulmo.plugin.petct;

import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.CategoryTable;
import dev.pulmo.api.Modality;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ExportRule;
import dev.pulmo.api.plugin.IngestRules;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.api.plugin.Validator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * PET-CT: one bounding box per lung lesion or lymph node (SPEC.md §1), the 4-category table (§3).
 * By the guideline's layout only malignant cases have {@code binary/} masks (SPEC.md §2). Its rule: original
 * DICOM only, no secondary-capture screenshots (§6); SPEC.md §6 sets no lesion size for PET-CT. Registered as
 * a Declarative Services component and in {@code META-INF/services}.
 */
@Component(service = ModalityPlugin.class)
public final class PetCtPlugin implements ModalityPlugin {
    static final Modality PCT = Modality.of("PCT", "PET-CT");

    /** Guideline table 1.3.2.1, PCT rows; the alias is the guideline's own misspelling. */
    static final CategoryTable CATEGORIES = new CategoryTable(PCT, List.of(
            new CategoryDefinition(1, "악성_림프절", "malignant lymph node", 1, "악성", List.of("악성 림프절성")),
            new CategoryDefinition(2, "폐_병변_악성", "malignant lung lesion", 1, "악성"),
            new CategoryDefinition(3, "양성_림프절", "benign lymph node", 2, "양성", List.of("양성 림프절성")),
            new CategoryDefinition(4, "폐_병변_양성", "benign lung lesion", 2, "양성")));

    private static final List<Validator> VALIDATORS = List.of(new NotSecondaryCapture());

    private static final IngestRules INGEST = new PetCtIngest();

    @Override public Modality modality() { return PCT; }
    @Override public String folderName() { return "pet-ct"; }
    @Override public String filePrefix() { return "pct"; }
    @Override public CategoryTable categoryTable() { return CATEGORIES; }
    @Override public ExportRule exportRule() { return ExportRule.boxes(); }
    @Override public Set<CaseClass> classesWithMasks() { return Set.of(CaseClass.MALIGNANT); }
    @Override public List<Validator> validators() { return VALIDATORS; }
    @Override public Optional<IngestRules> ingestRules() { return Optional.of(INGEST); }
}
