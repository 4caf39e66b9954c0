package dev.pulmo.runtime.testbundles;

import dev.pulmo.api.CategoryTable;
import dev.pulmo.api.Modality;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ExportRule;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.api.plugin.Validator;
import java.util.List;
import java.util.Set;

/** A deliberately broken plugin: packed into a test bundle as a DS component whose activation throws. */
public final class ExplodingPlugin implements ModalityPlugin {
    public ExplodingPlugin() {
        throw new IllegalStateException("no licence file for the exploding modality");
    }

    @Override public Modality modality() { return Modality.of("BOM", "Boom"); }
    @Override public String folderName() { return "boom"; }
    @Override public String filePrefix() { return "bom"; }
    @Override public CategoryTable categoryTable() { return new CategoryTable(modality(), List.of()); }
    @Override public ExportRule exportRule() { return ExportRule.boxes(); }
    @Override public Set<CaseClass> classesWithMasks() { return Set.of(); }
    @Override public List<Validator> validators() { return List.of(); }
}
