package dev.pulmo.benchmarks;

import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.dataset.DatasetConverter;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DatasetValidator;
import dev.pulmo.dataset.DemoDataset;
import dev.pulmo.dataset.FindingSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * {@code convert} and {@code validate} at scale: generates a chest-CT tree of about {@code BASE} images with
 * {@link DemoDataset} (once; reused when present), grows it to {@code IMAGES} by hard-linking each series' images and
 * masks under new series numbers (the same patients; JSON is not linked, {@code convert} writes it), converts it with
 * {@code --force}, validates it, and prints images/s and the heap each run retains (old generation after collection).
 * Run it with a small heap to show that memory does not grow with the tree:
 * <pre>java -Xmx96m -cp benchmarks/target/benchmarks.jar dev.pulmo.benchmarks.ConvertAtScale DIR 5000 50000 2</pre>
 * A whole run is one measurement (not JMH): the work is I/O and parallel, and its figures of merit are throughput and
 * heap, not a per-call time. With {@code THREADS} 0 it only grows the tree, for timing the {@code pulmo} commands
 * themselves on it (the guideline's 1.8 M images: {@code ConvertAtScale DIR 5000 1800000 0}).
 */
public final class ConvertAtScale {
    private ConvertAtScale() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: ConvertAtScale DIR BASE_IMAGES IMAGES THREADS");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int base = Integer.parseInt(args[1]);
        int wanted = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        List<ModalityPlugin> ct = ServiceLoader.load(ModalityPlugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.modality().code().equals("CCT")).toList();
        DatasetLayout layout = new DatasetLayout(dir.resolve(DatasetLayout.TOP_FOLDER), ModalityCatalog.of(ct));
        // patients per class p gives 2p + p/2 CT patients; 50 slices each
        int slices = 50;
        int perClass = Math.max(2, (int) Math.ceil(base / (2.5 * slices)));
        if (!Files.isDirectory(layout.root())) {
            long t = System.nanoTime();
            DemoDataset.Result r = DemoDataset.generate(layout, 42, new DemoDataset.Size(perClass, slices, 1));
            System.out.printf(Locale.ROOT, "generated %d images and %d masks in %.0f s%n", r.images(), r.masks(), (System.nanoTime() - t) / 1e9);
        }
        long images = replicate(layout.root(), wanted);
        System.out.printf(Locale.ROOT, "tree: %d images%n", images);
        if (threads == 0) {
            return;
        }

        resetPeaks();
        FindingSink.Counts convertFindings = new FindingSink.Counts();
        DatasetConverter.Summary s = new DatasetConverter(layout, DatasetConverter.Options.defaults().withThreads(threads).withForce(true))
                .convert((k, o) -> { }, convertFindings);
        double seconds = s.elapsed().toNanos() / 1e9;
        System.out.printf(Locale.ROOT, "convert: %d images with masks (%d failed, %d errors), %d annotations, %.1f s, %.1f images/s on %d threads; "
                        + "old generation after collection %.1f MB, heap max %.0f MB%n", s.images(), s.failed(), convertFindings.errors(),
                s.annotations(), seconds, s.images() / seconds, threads, retainedMb(), Runtime.getRuntime().maxMemory() / 1e6);

        resetPeaks();
        FindingSink.Counts validateFindings = new FindingSink.Counts();
        long start = System.nanoTime();
        DatasetValidator.Report r = new DatasetValidator(layout, threads).validate(() -> { }, validateFindings);
        seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "validate: %d images, %d JSON files, %d masks, %d errors, %.1f s, %.1f images/s on %d threads; "
                        + "old generation after collection %.1f MB%n", r.images(), r.jsonFiles(), r.masks(), validateFindings.errors(),
                seconds, r.images() / seconds, threads, retainedMb());
        if (s.failure().isPresent() || r.failure().isPresent()) {
            System.out.println("FAILED: " + s.failure().or(r::failure).orElseThrow().message());
            System.exit(1);
        }
    }

    /**
     * Hard-links the tree's series under new series numbers (1000, 1001, … as copies of each series) until it holds
     * about {@code wanted} images; returns the number of images.
     */
    static long replicate(Path root, long wanted) throws IOException {
        List<Path> series;
        try (Stream<Path> s = Files.walk(root, 4)) {
            series = s.filter(p -> root.relativize(p).getNameCount() == 4 && isOriginal(p.getFileName().toString())).sorted().toList();
        }
        long images = count(root);
        int copy = 0;
        while (images < wanted) {
            for (Path original : series) {
                if (images >= wanted) {
                    break;
                }
                String number = Integer.toString(1000 + copy);
                Path target = original.resolveSibling(number);
                if (Files.exists(target)) {
                    continue; // a copy grown before: its images are in the count already
                }
                for (String folder : List.of("dcm", "binary")) {
                    Path in = original.resolve(folder);
                    if (!Files.isDirectory(in)) {
                        continue;
                    }
                    Files.createDirectories(target.resolve(folder));
                    try (Stream<Path> files = Files.list(in)) {
                        for (Path f : files.toList()) {
                            Files.createLink(target.resolve(folder).resolve(renamed(f.getFileName().toString(), number)), f);
                        }
                    }
                }
                images += countImages(target);
            }
            copy++;
        }
        return images;
    }

    /** {@code <prefix>_<patient>_<series>_<rest>} with another series number. */
    private static String renamed(String fileName, String series) {
        String[] parts = fileName.split("_", 4);
        return parts[0] + "_" + parts[1] + "_" + series + "_" + parts[3];
    }

    /** Series numbers from 1000 on are this class's copies. */
    private static boolean isOriginal(String series) {
        return !series.matches("\\d+") || Integer.parseInt(series) < 1000;
    }

    private static long count(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getParent().getFileName().toString().equals("dcm")).count();
        }
    }

    private static long countImages(Path series) {
        try (Stream<Path> s = Files.list(series.resolve("dcm"))) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /**
     * What a run retains shows in the heap left after collections: the old generation's usage after its last
     * collection. (Summing each pool's peak would overstate: the pools peak at different moments.)
     */
    private static double retainedMb() {
        long retained = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null && pool.getName().contains("Old")) {
                retained = Math.max(retained, pool.getCollectionUsage().getUsed());
            }
        }
        return retained / 1e6;
    }
}
