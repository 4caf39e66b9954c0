package dev.pulmo.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * CPU time per frame of {@link Jpeg2000DecodeBenchmark}'s decoders on one thread, as a steadier figure than wall time on
 * a shared machine: for each input, sdk-dicom and jai-imageio-jpeg2000 in alternating rounds, each round a warm-up
 * then {@code repetitions} decodes, timed by the thread's CPU clock (user + system, {@link ThreadMXBean}).
 * {@code benchmarks/run-j2k.sh} runs it next to OpenJPEG's CPU time (user + system of {@code opj_decompress}, start-up
 * taken off). Run with {@code -Dpulmo.j2k.parallel=false}.
 *
 * <pre>java -Dpulmo.j2k.parallel=false -Dpulmo.j2k.dir=DIR -cp benchmarks.jar dev.pulmo.benchmarks.Jpeg2000CpuTime [ROUNDS]</pre>
 * prints lines {@code round R cpu-pulmo|cpu-jaiImageio INPUT MS ms/frame}.
 */
public final class Jpeg2000CpuTime {
    private Jpeg2000CpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String input : new String[] {"ct512", "cr2048"}) {
            Jpeg2000DecodeBenchmark bench = new Jpeg2000DecodeBenchmark();
            bench.input = input;
            bench.load();
            int repetitions = input.equals("ct512") ? 60 : 6;
            for (int round = 1; round <= rounds; round++) {
                for (String decoder : new String[] {"pulmo", "jaiImageio"}) {
                    for (int i = 0; i < repetitions; i++) { // warm-up
                        decode(bench, decoder);
                    }
                    long start = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < repetitions; i++) {
                        decode(bench, decoder);
                    }
                    double ms = (threads.getCurrentThreadCpuTime() - start) / 1e6 / repetitions;
                    System.out.printf(Locale.ROOT, "round %d cpu-%s %s %.1f ms/frame%n", round, decoder, input, ms);
                }
            }
        }
    }

    private static Object decode(Jpeg2000DecodeBenchmark bench, String decoder) throws Exception {
        return decoder.equals("pulmo") ? bench.pulmo() : bench.jaiImageio();
    }
}
