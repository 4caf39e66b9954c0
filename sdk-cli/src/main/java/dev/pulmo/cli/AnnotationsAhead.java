package dev.pulmo.cli;

import java.lang.reflect.AnnotatedElement;
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
 * bytecode writer while it is not yet compiled): eight of them, about 40 ms of a start before this, on the main thread,
 * for every command. The JDK keeps what was read per class and per annotation type, so picocli then finds it all
 * made. Purely an optimisation: anything that fails here is left for picocli to meet and report.
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
        for (Class<?> c = type; c != null && seen.add(c); c = c.getSuperclass()) { // Object too: picocli reads its methods' annotations
            c.getAnnotations();
            for (Field f : c.getDeclaredFields()) {
                touch(f);
                if (f.isAnnotationPresent(CommandLine.Mixin.class) || f.isAnnotationPresent(CommandLine.ArgGroup.class)) {
                    read(f.getType(), seen);
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                touch(m);
            }
        }
    }

    private static void touch(AnnotatedElement e) {
        e.getAnnotations();
    }
}
