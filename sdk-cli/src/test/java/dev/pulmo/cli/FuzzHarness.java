package dev.pulmo.cli;

import dev.pulmo.api.io.TerminalText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Runs one {@code pulmo} command in-process, as sdk-cli's tests do (picocli {@code CommandLine.execute}), on a thread
 * of its own with a timeout, and judges what it did against issue 20's rules: the exit code is one the command
 * documents, a failure names the file it is about, no stack trace or internal exception reaches the user's streams,
 * nothing escapes as an Error, and no thread it started is left running.
 */
final class FuzzHarness {

    /** What one run did. */
    record Outcome(List<String> args, int exitCode, String out, String err, long millis, Throwable thrown,
                   boolean timedOut, List<String> threadsLeft) {
        String text() {
            return out + err;
        }
    }

    /** Lines of a Java stack trace, and the messages of exceptions that only a bug lets through. */
    private static final Pattern TRACE = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|Exception in thread|Caused by: ");
    private static final Pattern INTERNAL = Pattern.compile("NullPointerException|ArrayIndexOutOfBounds|IndexOutOfBounds"
            + "|NegativeArraySize|ClassCastException|ArithmeticException|OutOfMemoryError|StackOverflowError"
            + "|IllegalStateException|ConcurrentModificationException|NumberFormatException|Cannot invoke \""
            + "|because \"[\\w.]+\" is null|Index -?\\d+ out of bounds");
    /** Threads the JDK starts on its own and keeps, whoever triggered them. */
    private static final List<String> JDK_THREADS = List.of("ForkJoinPool.commonPool", "Java2D Disposer",
            "Common-Cleaner", "process reaper", "Attach Listener", "Signal Dispatcher", "Reference Handler", "Finalizer",
            "Notification Thread", "JFR", "Keep-Alive-Timer", "fuzz-run-");

    private FuzzHarness() {
    }

    static Outcome run(Duration timeout, List<Path> fifosToRelease, List<String> args) {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicReference<Integer> code = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        long start = System.nanoTime();
        Thread runner = new Thread(() -> {
            try {
                CommandLine cl = PulmoCommand.newCommandLine();
                cl.setOut(new PrintWriter(out));
                cl.setErr(new PrintWriter(err));
                code.set(cl.execute(args.toArray(new String[0])));
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "fuzz-run-" + System.nanoTime());
        runner.setDaemon(true);
        runner.start();
        boolean timedOut = false;
        try {
            runner.join(timeout.toMillis());
            if (runner.isAlive()) {
                timedOut = true;
                runner.interrupt();
                release(fifosToRelease); // a reader blocked on a FIFO only wakes when a writer comes and goes
                runner.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Outcome(args, code.get() == null ? -1 : code.get(), out.toString(), err.toString(), millis,
                thrown.get(), timedOut, threadsLeft(before));
    }

    private static void release(List<Path> fifos) {
        for (Path fifo : fifos) {
            Thread opener = new Thread(() -> {
                try (OutputStream o = Files.newOutputStream(fifo)) {
                    o.flush();
                } catch (IOException ignored) {
                    // nobody reads it any more
                }
            }, "fuzz-run-release");
            opener.setDaemon(true);
            opener.start();
        }
    }

    /** Threads that appeared during the run and are still alive a moment after it. */
    private static List<String> threadsLeft(Set<Thread> before) {
        List<String> left = new ArrayList<>();
        for (int attempt = 0; attempt < 20; attempt++) {
            left.clear();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (!before.contains(t) && t.isAlive() && JDK_THREADS.stream().noneMatch(t.getName()::startsWith)) {
                    left.add(t.getName() + (t.isDaemon() ? " (daemon)" : ""));
                }
            }
            if (left.isEmpty()) {
                break;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return left;
    }

    /** The exit codes {@code command}'s help documents. */
    static Set<Integer> documentedExitCodes(String command) {
        Map<String, String> list = PulmoCommand.newCommandLine().getSubcommands().get(command).getCommandSpec()
                .usageMessage().exitCodeList();
        Set<Integer> codes = new LinkedHashSet<>();
        list.keySet().forEach(k -> codes.add(Integer.parseInt(k.strip())));
        return codes;
    }

    /**
     * @param mustFail   the input is one no command may accept (an empty or garbage file)
     * @param subject    the file the case is about: a failure must name it (by its escaped file name)
     * @return what is wrong with the outcome; empty when it follows the rules
     */
    static List<String> problems(Outcome o, boolean mustFail, Path subject) {
        List<String> problems = new ArrayList<>();
        String command = o.args().get(0);
        if (o.timedOut()) {
            problems.add("did not finish in time (hang)");
        }
        if (o.thrown() != null) {
            problems.add("threw " + o.thrown());
        }
        if (!o.timedOut() && o.thrown() == null && !documentedExitCodes(command).contains(o.exitCode())) {
            problems.add("exit code " + o.exitCode() + " is not one of " + documentedExitCodes(command));
        }
        String text = o.text(); // once: a command's output can be megabytes, and each call makes a new string
        if (mustFail && o.exitCode() == 0) {
            problems.add("accepted an input that is not valid");
        }
        if (o.exitCode() != 0 && subject != null && subject.getFileName() != null) {
            String name = TerminalText.escape(subject.getFileName().toString());
            if (!text.contains(name)) {
                problems.add("failed without naming " + name);
            }
        }
        if (TRACE.matcher(text).find()) {
            problems.add("printed a stack trace");
        }
        if (INTERNAL.matcher(text).find()) {
            problems.add("printed an internal error");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' || c == 0x1B || c >= 0x80 && c <= 0x9F || c >= 0x202A && c <= 0x202E) {
                problems.add(String.format("printed the control character U+%04X raw", (int) c));
                break;
            }
        }
        if (!o.threadsLeft().isEmpty()) {
            problems.add("left threads running: " + o.threadsLeft());
        }
        return problems;
    }

    static String describe(Outcome o, List<String> problems) {
        String text = o.text();
        return String.join(" ", o.args()) + " -> " + problems + " (exit " + o.exitCode() + ", " + o.millis() + " ms)\n    "
                + TerminalText.escape(text.length() > 600 ? text.substring(0, 600) + "..." : text);
    }
}
