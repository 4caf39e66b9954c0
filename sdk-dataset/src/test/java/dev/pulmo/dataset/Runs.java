package dev.pulmo.dataset;

import dev.pulmo.api.Finding;
import java.util.List;
import java.util.Map;

/** The tree commands run as tests need them: whole runs with their findings collected. */
final class Runs {
    private Runs() {
    }

    record Converted(DatasetConverter.Summary summary, List<Finding> findings) {
    }

    record Validated(DatasetValidator.Report report, List<Finding> findings) {
    }

    static Converted convert(DatasetLayout layout, boolean force, Map<ImageKey, DatasetConverter.Outcome> outcomes) {
        FindingSink.Collected findings = new FindingSink.Collected();
        DatasetConverter.Summary s = new DatasetConverter(layout, DatasetConverter.Options.defaults().withThreads(2).withForce(force))
                .convert(new DatasetConverter.Listener() {
                    // not a lambda: DemoTree converts in its static initialiser, and a lambda's body would be a
                    // method of the initialising class, which worker threads cannot run before it ends
                    @Override
                    public void imageDone(ImageKey image, DatasetConverter.Outcome outcome) {
                        outcomes.put(image, outcome);
                    }
                }, findings);
        return new Converted(s, findings.findings());
    }

    record Stats(DatasetStatistics.Report report, List<Finding> findings) {
    }

    record Exported(CocoExport.Summary summary, List<Finding> findings) {
    }

    static Stats stats(DatasetLayout layout) {
        FindingSink.Collected findings = new FindingSink.Collected();
        return new Stats(DatasetStatistics.collect(layout, 2, findings), findings.findings());
    }

    static Exported coco(DatasetLayout layout, java.nio.file.Path target, CocoExport.SegmentationKind kind) {
        FindingSink.Collected findings = new FindingSink.Collected();
        return new Exported(CocoExport.export(layout, target, kind, 2, findings), findings.findings());
    }

    static Validated validate(DatasetLayout layout) {
        FindingSink.Collected findings = new FindingSink.Collected();
        DatasetValidator.Report r = new DatasetValidator(layout, 2).validate(() -> { }, findings);
        return new Validated(r, findings.findings());
    }

    /** SHA-256 of every file below {@code dir}, by path: to show that a command modified nothing. */
    static java.util.Map<String, String> hashes(java.nio.file.Path dir) throws Exception {
        java.util.Map<String, String> m = new java.util.TreeMap<>();
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path p : s.filter(java.nio.file.Files::isRegularFile).toList()) {
                m.put(p.toString(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(p))));
            }
        }
        return m;
    }
}
