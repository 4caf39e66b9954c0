package dev.pulmo.benchmarks;

import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.dataset.DatasetConverter;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DemoDataset;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * {@code pulmo convert} at scale (issue 7): generates a chest-CT tree of about the requested number of images with
 * {@link DemoDataset} (once; reused when present), converts it with {@code --force} on the given threads, and prints
 * images/s and the heap the run retains (old generation after collection). Run it with a small heap to show that memory does not grow with the tree:
 * {@code java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.pulmo.benchmarks.ConvertAtScale DIR 5000 2}.
 * A whole run is one measurement (not JMH): the work is I/O and parallel, and its figure of merit is throughput
 * and heap, not a per-call time.
 */
public final class ConvertAtScale {
    private ConvertAtScale() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: ConvertAtScale DIR IMAGES THREADS");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int wanted = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        List<ModalityPlugin> ct = ServiceLoader.load(ModalityPlugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.modality().code().equals("CCT")).toList();
        DatasetLayout layout = new DatasetLayout(dir.resolve(DatasetLayout.TOP_FOLDER), ModalityCatalog.of(ct));
        // patients per class p gives 2p + p/2 CT patients; 50 slices each
        int slices = 50;
        int perClass = Math.max(2, (int) Math.ceil(wanted / (2.5 * slices)));
        if (!Files.isDirectory(layout.root())) {
            long t = System.nanoTime();
            DemoDataset.Result r = DemoDataset.generate(layout, 42, new DemoDataset.Size(perClass, slices, 1));
            System.out.printf(Locale.ROOT, "generated %d images and %d masks in %.0f s%n", r.images(), r.masks(), (System.nanoTime() - t) / 1e9);
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        DatasetConverter.Summary s = new DatasetConverter(layout, DatasetConverter.Options.defaults().withThreads(threads).withForce(true))
                .convert((k, o) -> { }, f -> { });
        // What the run retains shows in the heap left after collections: the largest post-GC usage of the old
        // generation. (Summing each pool's peak would overstate: the pools peak at different moments.)
        long retained = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null && pool.getName().contains("Old")) {
                retained = Math.max(retained, pool.getCollectionUsage().getUsed());
            }
        }
        double seconds = s.elapsed().toNanos() / 1e9;
        long images = s.converted() + s.skipped() + s.failed();
        System.out.printf(Locale.ROOT, "convert: %d images with masks (%d failed), %d annotations, %.1f s, %.1f images/s on %d threads; "
                        + "old generation after the last collection %.0f MB, heap max %.0f MB%n", images, s.failed(), s.annotations(), seconds,
                images / seconds, threads, retained / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
    }
}
