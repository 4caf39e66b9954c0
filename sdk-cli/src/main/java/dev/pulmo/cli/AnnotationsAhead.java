package dev.pulmo.cli;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;
import picocli.CommandLine;

/**
 * Reads a command's annotations on a thread of their own while the main thread sets picocli up, so that the JDK's
 * annotation objects exist when picocli asks for them.
 *
 * <p>The first annotation of each type that a JVM reads costs a class made at run time (a proxy, made with the JDK's
 * bytecode writer while it is not yet compiled): eight per start (picocli's five and three of the JDK's), which the
 * main thread made one after another, 40 ms of its time line. The JDK keeps what was read per class and per annotation
 * type, so picocli then finds it all made: a one-mask {@code mask2poly} took 0.18 s instead of 0.19 s (medians of 30
 * alternating runs). Purely an optimisation: anything that fails here is left for picocli to meet and report.
 */
final class AnnotationsAhead {

    private AnnotationsAhead() {
    }

    /** Starts reading the annotations of {@code command}, its superclasses and its mixins, on a daemon thread. */
    static void start(Class<?> command) {
        Thread t = new Thread(() -> {
            try {
                read(command, new HashSet<>());
            } catch (RuntimeException | LinkageError e) {
                // picocli reads the same annotations and reports what is wrong with them
            }
        }, "pulmo-annotations");
        t.setDaemon(true);
        t.start();
    }

    private static void read(Class<?> type, Set<Class<?>> seen) {
        // up to Object included: picocli reads the annotations of its methods too
        for (Class<?> c = type; c != null && seen.add(c); c = c.getSuperclass()) {
            c.getAnnotations();
            for (Field f : c.getDeclaredFields()) {
                f.getAnnotations();
                if (f.isAnnotationPresent(CommandLine.Mixin.class) || f.isAnnotationPresent(CommandLine.ArgGroup.class)) {
                    read(f.getType(), seen);
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                m.getAnnotations();
            }
        }
    }
}
