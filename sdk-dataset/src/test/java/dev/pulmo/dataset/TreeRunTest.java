package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.dicom.DicomFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tree runner: results in the tree's order whatever the workers' timing; a worker's failure stops the run. */
class TreeRunTest {
    @TempDir
    static Path dir;
    static DatasetLayout layout;

    @BeforeAll
    static void tree() {
        layout = new DatasetLayout(dir.resolve("lung_cancer"), DatasetScannerTest.CATALOG);
        DemoDataset.generate(layout, 2, new DemoDataset.Size(3, 3, 2));
    }

    @Test
    void seriesAndTheirFindingsComeOutInTheScannersOrderWhateverTheWorkersTiming() {
        List<String> scanned = new ArrayList<>();
        new DatasetScanner(layout).scan(s -> scanned.add(s.key().toString()));
        for (int threads : new int[] {1, 3, 8}) {
            List<String> inOrder = new ArrayList<>();
            List<String> findings = new ArrayList<>();
            TreeRun.Summary s = TreeRun.run(layout, new TreeRun.Options(threads, "test", false), series -> {
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(20)); // finish in any order
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new TreeRun.SeriesOutcome<>(List.of(Finding.info("test.series", Location.ofFile(series.key().toString()), "done")),
                        series.key().toString());
            }, (series, value) -> inOrder.add(value), f -> findings.add(f.location().file()));
            assertThat(s.failure()).isEmpty();
            assertThat(s.series()).isEqualTo(scanned.size());
            assertThat(inOrder).as(threads + " threads").isEqualTo(scanned);
            assertThat(findings).isEqualTo(scanned);
        }
    }

    @Test
    void deferredOutcomesComeOutInOrderAndTheRunEndsOnlyOnceAllHaveCompleted() {
        List<String> scanned = new ArrayList<>();
        new DatasetScanner(layout).scan(s -> scanned.add(s.key().toString()));
        // outcomes completed later on another thread (as commits are), in any order, the last ones after the workers idle
        ScheduledExecutorService later = Executors.newScheduledThreadPool(2);
        try {
            List<String> inOrder = new ArrayList<>();
            TreeRun.Summary s = TreeRun.runDeferred(layout, new TreeRun.Options(2, "test", false), series -> {
                CompletableFuture<TreeRun.SeriesOutcome<String>> outcome = new CompletableFuture<>();
                later.schedule(() -> outcome.complete(new TreeRun.SeriesOutcome<>(List.of(), series.key().toString())),
                        20 + ThreadLocalRandom.current().nextInt(80), TimeUnit.MILLISECONDS);
                return outcome;
            }, (series, value) -> inOrder.add(value), f -> { });
            assertThat(s.failure()).isEmpty();
            assertThat(inOrder).isEqualTo(scanned); // all handed on before runDeferred returned, in the scanner's order

            // an outcome that completes exceptionally is the run's failure, naming its series
            String failing = scanned.get(1);
            List<String> before = new ArrayList<>();
            Path[] failingFolder = new Path[1];
            TreeRun.Summary f = TreeRun.runDeferred(layout, new TreeRun.Options(2, "test", false), series -> {
                String key = series.key().toString();
                if (key.equals(failing)) {
                    failingFolder[0] = series.folder();
                }
                return CompletableFuture.supplyAsync(() -> {
                    if (key.equals(failing)) {
                        throw new java.io.UncheckedIOException(new java.io.IOException("simulated: disk full"));
                    }
                    return new TreeRun.SeriesOutcome<>(List.of(), key);
                }, later);
            }, (series, value) -> before.add(value), x -> { });
            assertThat(f.failure()).hasValueSatisfying(x -> {
                assertThat(x.where()).isEqualTo(failingFolder[0].toString());
                assertThat(x.cause()).hasMessageContaining("disk full");
            });
            assertThat(before).startsWith(scanned.get(0)).doesNotContain(failing);
        } finally {
            later.shutdownNow();
        }
    }

    @Test
    void anOutOfMemoryErrorInAWorkerFailsTheRunAndNamesTheImage() {
        Path victim = layout.root().resolve("chest-ct");
        TreeReader failing = new TreeReader() {
            private final TreeReader local = TreeReader.local();

            @Override
            public byte[] readAllBytes(Path file) throws IOException {
                if (file.getFileName().toString().startsWith("cct_D0002_")) {
                    throw new OutOfMemoryError("simulated: Java heap space");
                }
                return local.readAllBytes(file);
            }

            @Override
            public DicomFile readDicomHeader(Path file) {
                return local.readDicomHeader(file);
            }
        };
        Map<ImageKey, DatasetConverter.Outcome> outcomes = new HashMap<>();
        DatasetConverter.Summary s = new DatasetConverter(layout, DatasetConverter.Options.defaults().withThreads(2).withForce(true), failing)
                .convert(outcomes::put, f -> { });
        assertThat(s.failure()).hasValueSatisfying(f -> {
            assertThat(f.where()).startsWith(victim.toString()).contains("cct_D0002_").endsWith(".dcm");
            assertThat(f.cause()).isInstanceOf(OutOfMemoryError.class);
        });
        // what is reported was done: no image of the failed series is counted
        assertThat(outcomes.keySet()).noneMatch(k -> k.patientId().equals("D0002") && k.modality().equals("CCT"));
        assertThat(s.images()).isEqualTo(outcomes.size());

        DatasetValidator.Report r = new DatasetValidator(layout, 2).withReader(failing).validate(() -> { }, f -> { });
        assertThat(r.failure()).hasValueSatisfying(f -> assertThat(f.where()).contains("cct_D0002_"));
    }

    @Test
    void setOfPartsReadsOnlyThoseFiles() {
        List<ImageFiles> images = new ArrayList<>();
        new DatasetScanner(layout).scan(s -> images.addAll(s.images()));
        ImageFiles withMasks = images.stream().filter(ImageFiles::hasMasks).findFirst().orElseThrow();
        ImageInputs header = ImageInputs.read(withMasks, Set.of(ImageInputs.Part.HEADER), TreeReader.local());
        assertThat(header.header()).isPresent();
        assertThat(header.masks()).isEmpty();
        assertThat(header.maskFiles()).hasSameSizeAs(withMasks.masks());
        assertThat(header.hasJsonBytes()).isFalse();
    }
}
