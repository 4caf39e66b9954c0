package dev.pulmo.cli;

import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DemoDataset;
import dev.pulmo.runtime.PluginRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code pulmo warm-up DIR} (hidden): runs the main commands once over a small generated dataset in DIR, so that the
 * classes they load go into the class-data sharing archive the {@code pulmo} launcher makes after a build
 * ({@code -XX:DumpLoadedClassList}, then {@code -Xshare:dump}). Not for users; its output is discarded.
 */
@Command(name = "warm-up", hidden = true, description = "Runs the main commands on a small generated dataset (for the launcher's class-data sharing archive).")
final class WarmUpCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "An empty folder for the dataset.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        try (PluginRegistry registry = PluginRegistry.classpath()) {
            DemoDataset.generate(new DatasetLayout(dir.resolve(DatasetLayout.TOP_FOLDER), registry.catalog()), 1,
                    new DemoDataset.Size(1, 3, 2));
        }
        Path mask;
        try (Stream<Path> s = Files.walk(dir)) {
            mask = s.filter(p -> p.toString().endsWith("_binary.dcm")).sorted().findFirst()
                    .orElseThrow(() -> new UncheckedIOException(new IOException("the warm-up dataset has no mask")));
        }
        String tree = dir.toString();
        for (List<String> args : List.of(
                List.of("--version"),
                List.of("convert", tree, "--force"),
                List.of("validate", tree),
                List.of("validate", tree, "--format", "json"),
                List.of("check-json", tree),
                List.of("stats", tree),
                List.of("export-coco", tree, "--out", dir.resolve("coco").toString()),
                List.of("mask2poly", mask.toString()),
                List.of("mask2poly", mask.toString(), "--format", "coco"),
                List.of("dump", mask.toString()))) {
            CommandLine cl = PulmoCommand.newCommandLine();
            cl.setOut(new PrintWriter(new StringWriter()));
            cl.setErr(new PrintWriter(new StringWriter()));
            cl.execute(args.toArray(String[]::new));
        }
        return ExitCodes.OK;
    }
}
