package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.dicom.DicomFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each file of a tree is opened once per command: counted through an instrumented {@link TreeReader}. */
class FileReadsTest {
    @TempDir
    static Path dir;
    static DatasetLayout layout;

    /** Counts every open, by file. */
    static final class CountingReader implements TreeReader {
        final Map<Path, Integer> opens = new ConcurrentHashMap<>();
        private final TreeReader local = TreeReader.local();

        @Override
        public byte[] readAllBytes(Path file) throws IOException {
            opens.merge(file, 1, Integer::sum);
            return local.readAllBytes(file);
        }

        @Override
        public DicomFile readDicomHeader(Path file) {
            opens.merge(file, 1, Integer::sum);
            return local.readDicomHeader(file);
        }
    }

    @BeforeAll
    static void tree() {
        layout = new DatasetLayout(dir.resolve("lung_cancer"), DatasetScannerTest.CATALOG);
        DemoDataset.generate(layout, 4, new DemoDataset.Size(2, 3, 2));
    }

    private static Map<Path, Integer> allFiles(String... suffixes) throws IOException {
        try (Stream<Path> s = Files.walk(layout.root())) {
            return s.filter(Files::isRegularFile).filter(p -> Stream.of(suffixes).anyMatch(x -> p.toString().endsWith(x)))
                    .collect(Collectors.toMap(p -> p, p -> 1));
        }
    }

    @Test
    void convertOpensEachImageWithMasksAndEachMaskOnceAndValidateEveryFileOnce() throws IOException {
        CountingReader convertReads = new CountingReader();
        FindingSink.Collected findings = new FindingSink.Collected();
        DatasetConverter.Summary s = new DatasetConverter(layout, DatasetConverter.Options.defaults().withThreads(2).withForce(true),
                convertReads).convert((k, o) -> { }, findings);
        assertThat(s.errors()).as(findings.findings().toString()).isZero();
        Map<Path, Integer> expected = allFiles("_binary.dcm");
        try (Stream<Path> json = Files.walk(layout.root())) {
            // the images with masks: exactly those that got a JSON
            json.filter(p -> p.toString().endsWith(".json")).forEach(p -> expected.put(
                    p.getParent().resolveSibling(DatasetLayout.DICOM_FOLDER).resolve(p.getFileName().toString().replace(".json", ".dcm")), 1));
        }
        assertThat(convertReads.opens).isEqualTo(expected);

        CountingReader validateReads = new CountingReader();
        new DatasetValidator(layout, 2).withReader(validateReads).validate(() -> { }, f -> { });
        assertThat(validateReads.opens).isEqualTo(allFiles(".dcm", ".json"));

        // a re-run that finds everything up to date opens each JSON once, and nothing else
        CountingReader rerunReads = new CountingReader();
        new DatasetConverter(layout, DatasetConverter.Options.defaults().withThreads(2), rerunReads).convert((k, o) -> { }, f -> { });
        assertThat(rerunReads.opens).isEqualTo(allFiles(".json"));
    }
}
