package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.cli.FuzzInputs.Input;
import dev.pulmo.testing.SharedData;
import dev.pulmo.testing.StreamedXlsx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20's proof: seeded hostile inputs through every command's entry point, in-process as a user would run them
 * (picocli {@code CommandLine.execute}), each with a timeout, judged by {@link FuzzHarness#problems}: the exit code is
 * one the command documents, a failure names the file, no stack trace or internal error reaches the user, raw control
 * characters are never printed, nothing hangs, nothing escapes as an Error, no thread is left running.
 *
 * <p>The default build runs a bounded share ({@code pulmo.fuzz.seconds}, 60 s of inputs in all, about two minutes
 * with the minimum of each kind); {@code mvn -Pfuzz} runs every
 * truncation offset and ten times the mutants with a larger budget. {@code -Dpulmo.fuzz.seed=N} replays another seed.
 * The heavy inputs that must not exhaust a 256 MiB heap run in a separate JVM: {@link BoundedHeapTest}.
 */
class CommandFuzzTest {

    private static final long SEED = Long.getLong("pulmo.fuzz.seed", 20260417L);
    private static final int SCALE = Integer.getInteger("pulmo.fuzz.scale", 1);
    private static final long BUDGET_SECONDS = Long.getLong("pulmo.fuzz.seconds", 60);
    private static final Duration PER_RUN = Duration.ofSeconds(Long.getLong("pulmo.fuzz.timeout", 30));

    private static final Path EVAL = SharedData.resolve("testdata/eval");
    private static Path work;
    private static Path tree;
    private static Path ctSeries;
    private static final List<String> failures = new ArrayList<>();
    /**
     * Failures in code the lead engineer is rewriting for issue 13 (the tree commands' per-image pipeline), which
     * this branch does not touch: printed, not failed. Remove an entry once the pipeline that fixes it is merged.
     */
    private static final List<java.util.function.Predicate<String>> KNOWN_IN_THE_PIPELINE = List.of();
    private static final List<String> known = new ArrayList<>();
    private static final Map<String, Integer> runs = new LinkedHashMap<>();

    @BeforeAll
    static void templateTree() throws IOException {
        work = Files.createTempDirectory("pulmo-fuzz");
        Path demo = work.resolve("template");
        CheckJsonCommandTest.Run r = CheckJsonCommandTest.run("demo", "--out", demo.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        tree = demo.resolve("lung_cancer");
        try (Stream<Path> s = Files.walk(tree.resolve("chest-ct"))) {
            ctSeries = s.filter(p -> p.getFileName().toString().equals("binary")).findFirst().orElseThrow().getParent();
        }
    }

    @AfterAll
    static void report() throws IOException {
        System.out.println("fuzz: seed " + SEED + ", scale " + SCALE + ", runs " + runs);
        known.forEach(k -> System.out.println("fuzz: known, left to the pipeline (issue 13): " + k));
        TestProcesses.deleteTree(work);
    }

    private static long deadline(double share) {
        return System.nanoTime() + (long) (BUDGET_SECONDS * share * 1e9);
    }

    /** Runs {@code commands} on one input and keeps what went wrong. */
    private static void judge(String category, String label, Path subject, boolean mustFail, List<Path> fifos,
            List<List<String>> commands) {
        for (List<String> args : commands) {
            FuzzHarness.Outcome o = FuzzHarness.run(PER_RUN, fifos, args);
            runs.merge(category, 1, Integer::sum);
            boolean refusedByAll = mustFail && !args.get(0).equals("deid") && !args.get(0).equals("convert")
                    && !args.get(0).equals("stats") && !args.get(0).equals("export-coco");
            List<String> problems = FuzzHarness.problems(o, refusedByAll, subject);
            if (!problems.isEmpty()) {
                String description = category + " [" + label + "] " + FuzzHarness.describe(o, problems);
                if (KNOWN_IN_THE_PIPELINE.stream().anyMatch(k -> k.test(description))) {
                    known.add(description);
                } else {
                    failures.add(description);
                }
            }
        }
    }

    private static Path place(Path folder, String name, byte[] bytes) {
        try {
            Files.createDirectories(folder);
            return Files.write(folder.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int counter;

    private static Path fresh(String what) {
        try {
            return Files.createDirectories(work.resolve(what + "-" + (counter++)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------- single files

    private static List<List<String>> dicomCommands(Path file, Path dir, int index, boolean all) {
        List<List<String>> every = List.of(
                List.of("render", file.toString(), "--out", dir.resolve("out.png").toString()),
                List.of("pixels", file.toString(), "--out", dir.resolve("out.npy").toString()),
                List.of("mask2poly", file.toString()),
                List.of("seg", "--extract", file.toString(), "--out", dir.resolve("masks").toString()),
                List.of("deid", file.getParent().toString(), dir.resolve("deid-out").toString(), "--map",
                        dir.resolve("map.json").toString()),
                List.of("deid", "--check", file.getParent().toString()));
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of(index % 2 == 0 ? "dump" : "dump", file.toString()));
        if (index % 3 == 0) {
            commands.add(List.of("dump", "--json", file.toString()));
        }
        if (all) {
            commands.addAll(every);
        } else {
            commands.add(every.get(index % every.size()));
        }
        return commands;
    }

    @Test
    void dicomFilesThroughEveryFileCommand() {
        long end = deadline(0.30);
        List<Input> inputs = new ArrayList<>(FuzzInputs.hostileDicom());
        FuzzInputs gen = new FuzzInputs(SEED, SCALE);
        for (String name : List.of("MR_small.dcm", "seg_image_ct_binary.dcm", "image_dfl.dcm", "JPEG-LL.dcm")) {
            inputs.addAll(gen.mutants(name, FuzzInputs.corpus(name), 16, 10, 6));
        }
        int index = 0;
        for (Input input : inputs) {
            if (System.nanoTime() > end && index > 24) {
                break;
            }
            Path dir = fresh("dicom");
            Path file = place(dir.resolve("in"), "x.dcm", input.bytes());
            judge("dicom", input.label(), file, input.mustFail(), List.of(),
                    dicomCommands(file, dir, index, SCALE > 1 || index < 12));
            index++;
        }
        assertNoFailures();
    }

    @Test
    void guidelineJsonThroughTheJsonCommands() throws IOException {
        long end = deadline(0.15);
        Path sample = SharedData.repositoryRoot().resolve("examples/guideline-json/cct_B000002_3_42.json");
        List<Input> inputs = new FuzzInputs(SEED + 1, SCALE).hostileJson("cct.json", Files.readAllBytes(sample));
        Path image;
        try (Stream<Path> s = Files.list(ctSeries.resolve("dcm"))) {
            image = s.sorted().findFirst().orElseThrow();
        }
        int index = 0;
        for (Input input : inputs) {
            if (System.nanoTime() > end && index > 16) {
                break;
            }
            Path dir = fresh("json");
            Path file = place(dir, "x.json", input.bytes());
            List<List<String>> commands = new ArrayList<>();
            commands.add(List.of("check-json", file.toString()));
            commands.add(index % 2 == 0 ? List.of("render", image.toString(), "--overlay", file.toString(), "--out",
                    dir.resolve("o.png").toString()) : List.of("agree", file.toString(), file.toString()));
            judge("json", input.label(), file, input.mustFail() && index % 2 == 0, List.of(), commands);
            index++;
        }
        assertNoFailures();
    }

    @Test
    void sheetsToolExportsAndPngMasks() throws IOException {
        long end = deadline(0.15);
        FuzzInputs gen = new FuzzInputs(SEED + 2, SCALE);
        byte[] csv = "환자ID,나이,성별,병리결과,흡연력\nA000001,63,M,Adenocarcinoma,never\n\"B,2\",\"5\"\"8\",F,,\n"
                .getBytes(StandardCharsets.UTF_8);
        List<Input> sheets = new ArrayList<>(gen.hostileCsv(csv));
        Path xlsx = StreamedXlsx.write(work.resolve("sheet.xlsx"), "Sheet1", i -> i > 3 ? null
                : StreamedXlsx.text("A" + (i + 1), i == 0 ? "환자ID" : "A00000" + i) + StreamedXlsx.number("B" + (i + 1), 60 + i));
        for (Input m : gen.mutants("sheet.xlsx", Files.readAllBytes(xlsx), 48, 10, 0)) {
            sheets.add(new Input(m.label(), m.bytes(), m.mustFail()));
        }
        int index = 0;
        for (Input input : sheets) {
            if (System.nanoTime() > end && index > 16) {
                break;
            }
            String name = input.label().startsWith("sheet.xlsx") ? "x.xlsx" : "x.csv";
            Path file = place(fresh("sheet"), name, input.bytes());
            judge("sheet", input.label(), file, false, List.of(), List.of(
                    List.of("check-clinical", file.toString(), "--tree", tree.toString())));
            index++;
        }
        String tool = "[[{\"id\": 1, \"option\": {\"tag\": \"1\"}, \"annotationData\": {\"tool\": \"Free\", \"handles\": "
                + "[{\"x\": 10.5, \"y\": 10.5}, {\"x\": 60.5, \"y\": 12.5}, {\"x\": 40.5, \"y\": 70.5}]}}]]";
        Path image;
        try (Stream<Path> s = Files.list(ctSeries.resolve("dcm"))) {
            image = s.sorted().findFirst().orElseThrow();
        }
        for (Input input : gen.mutants("tool.json", tool.getBytes(StandardCharsets.UTF_8), 6, 10, 0)) {
            if (System.nanoTime() > end + 10_000_000_000L) {
                break;
            }
            Path dir = fresh("tool");
            Path file = place(dir, "x.json", input.bytes());
            judge("tool", input.label(), file, input.mustFail(), List.of(), List.of(List.of("import-tool", file.toString(),
                    "--image", image.toString(), "--class", "malignant", "--out", dir.resolve("out").toString())));
        }
        for (Input input : gen.mutants("mask.png", FuzzInputs.png(16, 16), 1, 10, 0)) {
            Path file = place(fresh("png"), "x.png", input.bytes());
            judge("png", input.label(), file, input.mustFail(), List.of(), List.of(List.of("mask2poly", file.toString())));
        }
        assertNoFailures();
    }

    @Test
    void cocoFilesThroughEvaluate() throws IOException {
        long end = deadline(0.10);
        FuzzInputs gen = new FuzzInputs(SEED + 4, SCALE);
        Path gt = EVAL.resolve("gt.json");
        Path predictions = EVAL.resolve("pred-bbox.json");
        List<Input> inputs = new ArrayList<>();
        inputs.add(new Input("empty results", new byte[0], true));
        inputs.add(new Input("results nested 100,000 deep", ("[".repeat(100_000) + "]".repeat(100_000))
                .getBytes(StandardCharsets.US_ASCII), true));
        inputs.add(new Input("escape sequences in values", ("[{\"image_id\": \"\\u001b]0;owned\\u0007\", \"category_id\": "
                + "\"\\u009b31m\\u202e\", \"bbox\": [1, 2, 3, 4], \"score\": 0.5}]").getBytes(StandardCharsets.US_ASCII), true));
        inputs.add(new Input("a score of 1e999999", "[{\"image_id\": 1731, \"category_id\": 1, \"bbox\": [1, 2, 3, 4], \"score\": 1e999999}]"
                .getBytes(StandardCharsets.US_ASCII), false));
        List<Input> results = gen.mutants("pred-bbox.json", Files.readAllBytes(predictions), 64, 10, 0);
        List<Input> truths = gen.mutants("gt.json", Files.readAllBytes(gt), 64, 10, 0);
        for (int i = 0; i < Math.max(results.size(), truths.size()); i++) {
            if (i < results.size()) {
                inputs.add(results.get(i));
            }
            if (i < truths.size()) {
                inputs.add(truths.get(i));
            }
        }
        int index = 0;
        for (Input input : inputs) {
            if (System.nanoTime() > end && index > 12) {
                break;
            }
            Path file = place(fresh("eval"), "x.json", input.bytes());
            List<List<String>> commands = new ArrayList<>();
            if (input.label().startsWith("gt.json")) {
                commands.add(List.of("evaluate", "--coco-gt", file.toString(), "--predictions", predictions.toString()));
            } else {
                commands.add(List.of("evaluate", "--coco-gt", gt.toString(), "--predictions", file.toString()));
                if (index % 4 == 0 || SCALE > 1) {
                    commands.add(List.of("evaluate", tree.toString(), "--predictions", file.toString(), "--bootstrap", "0"));
                }
            }
            judge("evaluate", input.label(), file, input.mustFail(), List.of(), commands);
            index++;
        }
        assertNoFailures();
    }

    // ------------------------------------------------------------------------------------------- odd files and names

    @Test
    void oddFileTypesAndHostileNames() throws IOException {
        Map<String, Function<Path, List<List<String>>>> byKind = new LinkedHashMap<>();
        byKind.put(".dcm", f -> List.of(List.of("dump", f.toString()), List.of("render", f.toString(), "--out",
                f.resolveSibling("o.png").toString()), List.of("mask2poly", f.toString()), List.of("seg", "--extract",
                f.toString(), "--out", f.resolveSibling("m").toString()), List.of("pixels", f.toString(), "--out",
                f.resolveSibling("o.npy").toString())));
        byKind.put(".json", f -> List.of(List.of("check-json", f.toString()), List.of("check-json", f.getParent().toString()),
                List.of("evaluate", "--coco-gt", EVAL.resolve("gt.json").toString(), "--predictions", f.toString()),
                List.of("evaluate", tree.toString(), "--predictions", f.toString(), "--bootstrap", "0"),
                List.of("evaluate", "--coco-gt", f.toString(), "--predictions", EVAL.resolve("pred-bbox.json").toString())));
        byKind.put(".csv", f -> List.of(List.of("check-clinical", f.toString(), "--tree", tree.toString())));
        for (Map.Entry<String, Function<Path, List<List<String>>>> kind : byKind.entrySet()) {
            Path dir = fresh("odd");
            Path fifo = FuzzInputs.fifo(dir.resolve("fifo" + kind.getKey()));
            if (fifo != null) {
                judge("odd", "FIFO" + kind.getKey(), fifo, false, List.of(fifo), kind.getValue().apply(fifo));
            }
            Path folder = Files.createDirectories(fresh("odd").resolve("folder" + kind.getKey()));
            // check-json and check-clinical take folders too: only dump must refuse one
            judge("odd", "folder named " + kind.getKey(), folder, kind.getKey().equals(".dcm"), List.of(),
                    kind.getValue().apply(folder).subList(0, 1));
            Path device = fresh("odd").resolve("zero" + kind.getKey());
            Files.createSymbolicLink(device, Path.of("/dev/zero"));
            judge("odd", "link to /dev/zero" + kind.getKey(), device, false, List.of(), kind.getValue().apply(device));
            Path loop = fresh("odd").resolve("loop" + kind.getKey());
            Files.createSymbolicLink(loop, loop);
            judge("odd", "link to itself" + kind.getKey(), loop, true, List.of(), kind.getValue().apply(loop).subList(0, 1));
        }
        byte[] bad = "not what it says".getBytes(StandardCharsets.US_ASCII);
        for (String name : FuzzInputs.hostileNames(".dcm")) {
            Path file = place(fresh("name"), name, bad);
            judge("name", name, file, true, List.of(), List.of(List.of("dump", file.toString()),
                    List.of("deid", "--check", file.getParent().toString())));
        }
        for (String name : FuzzInputs.hostileNames(".json")) {
            Path file = place(fresh("name"), name, bad);
            judge("name", name, file, true, List.of(), List.of(List.of("check-json", file.getParent().toString())));
        }
        assertNoFailures();
    }

    // ------------------------------------------------------------------------------------------- trees

    @Test
    void treeCommandsOnATreeWithOneHostileFile() throws IOException {
        long end = deadline(0.25);
        FuzzInputs gen = new FuzzInputs(SEED + 3, SCALE);
        Path image;
        Path mask;
        Path json;
        try (Stream<Path> s = Files.list(ctSeries.resolve("binary"))) {
            mask = s.sorted().findFirst().orElseThrow();
        }
        String stem = mask.getFileName().toString().replaceFirst("_\\d+_binary\\.dcm$", "");
        image = ctSeries.resolve("dcm/" + stem + ".dcm");
        json = ctSeries.resolve("json/" + stem + ".json");
        List<Path[]> targets = new ArrayList<>();
        List<Input> inputs = new ArrayList<>();
        for (Path original : List.of(image, mask, json)) {
            List<Input> mutants = gen.mutants(original.getFileName().toString(), Files.readAllBytes(original), 160, 4, 3);
            mutants.add(0, new Input("empty " + original.getFileName(), new byte[0], false));
            mutants.add(1, new Input("text as " + original.getFileName(), "garbage\n".getBytes(StandardCharsets.US_ASCII), false));
            for (Input m : mutants) {
                inputs.add(m);
                targets.add(new Path[] {original});
            }
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (System.nanoTime() > end && i > 8) {
                break;
            }
            Input input = inputs.get(i);
            Path copy = fresh("tree").resolve("lung_cancer");
            TestProcesses.copyTree(tree, copy);
            Path target = copy.resolve(tree.relativize(targets.get(i)[0]));
            Files.write(target, input.bytes());
            Path series = copy.resolve(tree.relativize(ctSeries));
            List<List<String>> commands = new ArrayList<>(List.of(
                    List.of("validate", copy.toString()),
                    List.of("convert", copy.toString(), "--threads", "2")));
            if (i % 2 == 0 || SCALE > 1) {
                commands.add(List.of("stats", copy.toString()));
                commands.add(List.of("export-coco", copy.toString(), "--out", copy.resolveSibling("coco").toString()));
            } else {
                commands.add(List.of("seg", series.toString(), "--out", copy.resolveSibling("seg.dcm").toString()));
                commands.add(List.of("split", copy.toString(), "--out", copy.resolveSibling("split.csv").toString()));
            }
            judge("tree", input.label(), target, false, List.of(), commands);
            TestProcesses.deleteTree(copy.getParent());
        }
        assertNoFailures();
    }

    private static void assertNoFailures() {
        List<String> mine;
        synchronized (failures) {
            mine = new ArrayList<>(failures);
            failures.clear();
        }
        assertThat(mine).as("seed " + SEED + ": " + mine.size() + " failed runs").isEmpty();
    }
}
