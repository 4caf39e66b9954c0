package dev.pulmo.evaluation.internal;

import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.Finding;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.dataset.CocoExport;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.ImageKey;
import dev.pulmo.evaluation.CocoEvaluator;
import dev.pulmo.evaluation.CocoImage;
import dev.pulmo.evaluation.Detection;
import dev.pulmo.evaluation.EvaluationResult;
import dev.pulmo.evaluation.Froc;
import dev.pulmo.evaluation.ImageOutcome;
import dev.pulmo.evaluation.IouType;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Streams a dataset tree through the evaluation: series are read in parallel on a fixed pool ({@link TreeGroundTruth}),
 * given export-coco's image ids in the scanner's order as they complete (in order), then evaluated in parallel
 * (COCO matching, the series' lesions for FROC and classification). At most {@code 2 × threads} series are in
 * flight, so memory holds a few series' masks, not the dataset's; what is kept per image is the COCO evaluator's
 * scores and match flags, a few numbers per lesion, and the images with the most errors.
 */
public final class TreeRunner {
    private final TreeGroundTruth truth;
    private final TreePredictions predictions;
    private final CocoEvaluator evaluator;
    private final IouType iouType;
    private final EvaluationResult.Thresholds thresholds;
    private final Predicate<ImageKey> wanted;
    private final int threads;
    private final WorstImages worst;
    private final Map<Integer, CategoryDefinition> categoryOfCocoId = new ConcurrentHashMap<>();

    private final ConcurrentLinkedQueue<Finding> findings = new ConcurrentLinkedQueue<>();
    private final Map<String, ConcurrentLinkedQueue<Froc.Scan>> scans = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<SeriesAnalysis.Lesion> lesions = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<SeriesAnalysis.Lesion> images = new ConcurrentLinkedQueue<>();
    /** Patient id → {highest malignant score, 1 when a series of the patient is in the malignant class}. */
    private final Map<String, double[]> patients = new ConcurrentHashMap<>();
    private final Map<String, LongList> imageIdsByModality = new ConcurrentHashMap<>();
    private final AtomicLong imageCount = new AtomicLong();
    private final AtomicLong groundTruthCount = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Runnable onImage;

    /** What the run gathered, for {@code TreeEvaluation} to summarise. */
    public record Gathered(List<Finding> findings, Map<String, List<Froc.Scan>> scans, List<SeriesAnalysis.Lesion> lesions,
                           List<SeriesAnalysis.Lesion> images, List<SeriesAnalysis.Lesion> patients,
                           Map<String, long[]> imageIdsByModality, long imageCount, long groundTruthCount,
                           List<EvaluationResult.WorstImage> worstImages) {
    }

    /**
     * @param onImage called once per DICOM image of the tree (evaluated or not wanted alike), from any worker thread: a
     *                progress hook
     */
    public TreeRunner(TreeGroundTruth truth, TreePredictions predictions, CocoEvaluator evaluator,
                      EvaluationResult.Thresholds thresholds, Predicate<ImageKey> wanted, int threads, int worstImages,
                      Runnable onImage) {
        this.onImage = onImage;
        this.truth = truth;
        this.predictions = predictions;
        this.evaluator = evaluator;
        this.iouType = evaluator.iouType();
        this.thresholds = thresholds;
        this.wanted = wanted;
        this.threads = Math.max(1, threads);
        this.worst = new WorstImages(worstImages);
        DatasetLayout layout = truth.layout();
        for (ModalityPlugin p : layout.catalog().all()) {
            for (CategoryDefinition d : p.categoryTable().categories()) {
                CocoExport.cocoCategoryId(layout.catalog(), p.modality().code(), d.id()).ifPresent(id -> categoryOfCocoId.put(id, d));
            }
        }
    }

    /**
     * Walks the tree.
     *
     * @throws RuntimeException the first failure of a task (e.g. a malformed predictions file), as thrown
     */
    public Gathered run() {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "pulmo-evaluate");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(2 * threads);
        Phaser evaluating = new Phaser(1);
        ArrayDeque<Future<TreeGroundTruth.SeriesTruth>> reading = new ArrayDeque<>();
        long[] nextImageId = {0};
        try {
            findings.addAll(truth.scan(series -> {
                while (!inFlight.tryAcquire()) {
                    if (!drainHead(reading, true, nextImageId, pool, evaluating, inFlight)) {
                        inFlight.acquireUninterruptibly();
                        break;
                    }
                }
                reading.add(pool.submit(() -> truth.read(series, wanted)));
                while (drainHead(reading, false, nextImageId, pool, evaluating, inFlight)) {
                    // submit every series whose reading is done, in order
                }
                rethrow();
            }));
            while (drainHead(reading, true, nextImageId, pool, evaluating, inFlight)) {
                // the rest, in order
            }
            evaluating.arriveAndAwaitAdvance();
            rethrow();
        } finally {
            pool.shutdownNow();
        }
        findings.addAll(predictions.findings());
        Map<String, List<Froc.Scan>> scanLists = new TreeMap<>();
        scans.forEach((m, q) -> {
            List<Froc.Scan> list = new ArrayList<>(q);
            list.sort(Comparator.comparing(Froc.Scan::id)); // the bootstrap's draws follow this order
            scanLists.put(m, list);
        });
        Map<String, long[]> ids = new TreeMap<>();
        imageIdsByModality.forEach((m, l) -> ids.put(m, l.sorted()));
        List<SeriesAnalysis.Lesion> patientList = new ArrayList<>();
        patients.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> patientList.add(new SeriesAnalysis.Lesion(e.getValue()[0], e.getValue()[1] > 0)));
        return new Gathered(new ArrayList<>(findings), scanLists, new ArrayList<>(lesions), new ArrayList<>(images), patientList,
                ids, imageCount.get(), groundTruthCount.get(), worst.worstFirst());
    }

    private void rethrow() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    /** Takes the first series read (waiting for it when {@code block}), numbers its images and submits its evaluation. */
    private boolean drainHead(ArrayDeque<Future<TreeGroundTruth.SeriesTruth>> reading, boolean block, long[] nextImageId,
                              ExecutorService pool, Phaser evaluating, Semaphore inFlight) {
        Future<TreeGroundTruth.SeriesTruth> head = reading.peek();
        if (head == null || (!block && !head.isDone())) {
            return false;
        }
        TreeGroundTruth.SeriesTruth series;
        try {
            series = head.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        reading.poll();
        long[] ids = new long[series.images().size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = series.images().get(i).numbered() ? ++nextImageId[0] : 0;
        }
        evaluating.register();
        pool.execute(() -> {
            try {
                evaluate(series, ids);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                inFlight.release();
                evaluating.arriveAndDeregister();
            }
        });
        return true;
    }

    private void evaluate(TreeGroundTruth.SeriesTruth series, long[] ids) {
        DatasetLayout layout = truth.layout();
        String modality = series.files().key().modality();
        List<SeriesAnalysis.Slice> slices = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            TreeGroundTruth.ImageTruth it = series.images().get(i);
            findings.addAll(it.findings());
            onImage.run();
            if (!it.wanted()) {
                continue;
            }
            CocoImage image = new CocoImage(ids[i], it.fileName(), it.width(), it.height(), modality);
            Path json = layout.root().relativize(layout.jsonFile(it.key()));
            List<Detection> detections = predictions.of(image, modality, json, iouType);
            ImageOutcome outcome = evaluator.add(image, it.objects(), detections);
            worst.offer(new EvaluationResult.WorstImage(image, it.dicom(), outcome.errors(thresholds.score()), outcome));
            imageCount.incrementAndGet();
            groundTruthCount.addAndGet(it.objects().size());
            imageIdsByModality.computeIfAbsent(modality, m -> new LongList()).add(ids[i]);
            slices.add(new SeriesAnalysis.Slice(it.objects(), it.categories(), detections, it.geometry(), it.width(), it.height()));
            double score = malignantScore(detections);
            if (!it.objects().isEmpty()) {
                images.add(new SeriesAnalysis.Lesion(score, it.categories().stream().anyMatch(CategoryDefinition::isMalignant)));
            }
            CaseClass caseClass = it.key().caseClass();
            if (caseClass != CaseClass.NORMAL) {
                patients.merge(it.key().patientId(), new double[] {score, caseClass == CaseClass.MALIGNANT ? 1 : 0},
                        (a, b) -> new double[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
            }
        }
        if (slices.isEmpty()) {
            return;
        }
        SeriesAnalysis.Result analysis = SeriesAnalysis.analyse(series.files().key().toString(), series.files().key().patientId(),
                slices, this::isMalignant, thresholds.iou());
        lesions.addAll(analysis.lesions());
        analysis.scan().ifPresent(scan -> scans.computeIfAbsent(modality, m -> new ConcurrentLinkedQueue<>()).add(scan));
    }

    private boolean isMalignant(int cocoCategoryId) {
        CategoryDefinition d = categoryOfCocoId.get(cocoCategoryId);
        return d != null && d.isMalignant();
    }

    private double malignantScore(List<Detection> detections) {
        double best = 0;
        for (Detection d : detections) {
            if (isMalignant(d.categoryId())) {
                best = Math.max(best, d.score());
            }
        }
        return best;
    }

    /** A growable list of image ids. */
    private static final class LongList {
        private long[] values = new long[64];
        private int size;

        synchronized void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        synchronized long[] sorted() {
            long[] out = Arrays.copyOf(values, size);
            Arrays.sort(out);
            return out;
        }
    }

    /** The set of modality codes of the catalog, for option checks. */
    public static Set<String> modalities(DatasetLayout layout) {
        Set<String> out = new HashSet<>();
        layout.catalog().all().forEach(p -> out.add(p.modality().code()));
        return out;
    }
}
