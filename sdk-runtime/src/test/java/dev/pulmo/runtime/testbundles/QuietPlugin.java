package dev.pulmo.runtime.testbundles;

import dev.pulmo.api.CategoryTable;
import dev.pulmo.api.Modality;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ExportRule;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.api.plugin.Validator;
import java.util.List;
import java.util.Set;

/** A plugin that works, packed by a test into a bundle that wrongly carries its own copy of the SPI. */
public final class QuietPlugin implements ModalityPlugin {
    @Override public Modality modality() { return Modality.of("QUI", "Quiet"); }
    @Override public String folderName() { return "quiet"; }
    @Override public String filePrefix() { return "qui"; }
    @Override public CategoryTable categoryTable() { return new CategoryTable(modality(), List.of()); }
    @Override public ExportRule exportRule() { return ExportRule.boxes(); }
    @Override public Set<CaseClass> classesWithMasks() { return Set.of(); }
    @Override public List<Validator> validators() { return List.of(); }
}
