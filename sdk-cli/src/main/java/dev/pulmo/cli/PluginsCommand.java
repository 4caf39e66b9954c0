package dev.pulmo.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.api.plugin.SeriesValidator;
import dev.pulmo.api.plugin.Validator;
import dev.pulmo.runtime.LoadedPlugin;
import dev.pulmo.runtime.PluginRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pulmo plugins}: lists the modalities the loaded plugins provide. */
@Command(name = "plugins",
        header = "List the modality plugins and their categories.",
        description = {"Lists every modality the CLI knows: the built-in X-ray, chest CT and PET-CT plugins, and the "
                + "plugin bundles found in --plugins folders and in plugins/ next to pulmo.jar. For each: code, name, "
                + "dataset folder, file prefix, annotation geometry, the bundle it came from (or 'classpath'), its "
                + "category table and its validators. Bundles that fail to load are reported on standard error.",
                "",
                "JSON output is an array of {code, name, folder, prefix, geometry, bundle, categories: [{id, name, "
                        + "grp_id, grp_name, english_name}], validators: [{code, description}]}."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:all plugins loaded", "1:some plugin failed to load (the others are listed)",
                "2:usage error, or two plugins claim the same modality"})
final class PluginsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginOptions pluginOptions;

    @Mixin
    FormatOption format = FormatOption.of(OutputFormat.text, OutputFormat.json);

    @Override
    public Integer call() {
        try (PluginRegistry registry = pluginOptions.open()) {
            registry.catalog(); // fails with both origins named when two plugins claim one modality
            List<LoadedPlugin> plugins = registry.plugins();
            PrintWriter out = spec.commandLine().getOut();
            if (format.is(OutputFormat.json)) {
                printJson(plugins, out);
            } else {
                printText(plugins, out);
            }
            out.flush();
            return registry.problems().isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS;
        }
    }

    private static void printText(List<LoadedPlugin> plugins, PrintWriter out) {
        for (LoadedPlugin loaded : plugins) {
            ModalityPlugin p = loaded.plugin();
            out.printf("%s  %s  (folder %s, prefix %s, %s; %s)%n", p.modality().code(), p.modality().displayName(),
                    p.folderName(), p.filePrefix(), p.exportRule().geometry().jsonName(), loaded.origin());
            for (CategoryDefinition c : p.categoryTable().categories()) {
                out.printf("  %2d  %s  %s  [group %d %s]%n", c.id(), c.name(), c.englishName(), c.groupId(), c.groupName());
            }
            for (Validator v : p.validators()) {
                out.printf("  rule %s: %s%n", v.code(), v.description());
            }
            for (SeriesValidator v : p.seriesValidators()) {
                out.printf("  series rule %s: %s%n", v.code(), v.description());
            }
        }
        out.printf("%d modalities%n", plugins.size());
    }

    /** An array {@code name} of {@code {"code", "description"}} objects, one per rule. */
    private static void rules(JsonGenerator g, String name, List<String[]> codeAndDescription) throws IOException {
        g.writeArrayFieldStart(name);
        for (String[] rule : codeAndDescription) {
            g.writeStartObject();
            g.writeStringField("code", rule[0]);
            g.writeStringField("description", rule[1]);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void printJson(List<LoadedPlugin> plugins, PrintWriter out) {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            for (LoadedPlugin loaded : plugins) {
                ModalityPlugin p = loaded.plugin();
                g.writeStartObject();
                g.writeStringField("code", p.modality().code());
                g.writeStringField("name", p.modality().displayName());
                g.writeStringField("folder", p.folderName());
                g.writeStringField("prefix", p.filePrefix());
                g.writeStringField("geometry", p.exportRule().geometry().jsonName());
                g.writeStringField("bundle", loaded.origin());
                g.writeArrayFieldStart("categories");
                for (CategoryDefinition c : p.categoryTable().categories()) {
                    g.writeStartObject();
                    g.writeNumberField("id", c.id());
                    g.writeStringField("name", c.name());
                    g.writeNumberField("grp_id", c.groupId());
                    g.writeStringField("grp_name", c.groupName());
                    g.writeStringField("english_name", c.englishName());
                    g.writeEndObject();
                }
                g.writeEndArray();
                rules(g, "validators", p.validators().stream().map(v -> new String[] {v.code(), v.description()}).toList());
                rules(g, "series_validators", p.seriesValidators().stream()
                        .map(v -> new String[] {v.code(), v.description()}).toList());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeRaw(System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
