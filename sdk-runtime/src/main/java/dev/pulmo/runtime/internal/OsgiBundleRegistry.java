package dev.pulmo.runtime.internal;

import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.runtime.LoadedPlugin;
import dev.pulmo.runtime.PluginException;
import dev.pulmo.runtime.PluginProblem;
import dev.pulmo.runtime.PluginRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Plugin bundles from folders, run in an embedded OSGi framework found through the standard
 * {@link FrameworkFactory} (Apache Felix on the SDK's classpath), with Apache Felix SCR for Declarative
 * Services. The framework lives until {@link #close()}; its storage is a temporary folder, removed then.
 */
public final class OsgiBundleRegistry implements PluginRegistry {
    /** Shipped in this jar: SCR and the OSGi API bundles it imports (DS API, promise, function). */
    private static final List<String> DS_RUNTIME_BUNDLES = List.of("org.osgi.util.function.jar",
            "org.osgi.util.promise.jar", "org.osgi.service.component.jar", "org.apache.felix.scr.jar");
    private static final String SERVICE = ModalityPlugin.class.getName();
    private static final Duration POLL = Duration.ofMillis(10);
    /** An unresolved package import in a resolver message: {@code (osgi.wiring.package=p)(version>=1.0.0)…)}. */
    private static final Pattern MISSING_PACKAGE =
            Pattern.compile("\\(osgi\\.wiring\\.package=([^)]+)\\)((?:\\(!?\\(?version[^)]*\\)\\)?)*)");

    private final Framework framework;
    private final Path storage;
    private final List<LoadedPlugin> plugins;
    private final List<PluginProblem> problems;

    private OsgiBundleRegistry(Framework framework, Path storage, List<LoadedPlugin> plugins,
                               List<PluginProblem> problems) {
        this.framework = framework;
        this.storage = storage;
        this.plugins = List.copyOf(plugins);
        this.problems = List.copyOf(problems);
    }

    /** See {@link PluginRegistry#bundles(List, Duration)}. */
    public static OsgiBundleRegistry start(List<Path> folders, Duration serviceTimeout) {
        List<Path> jars = jarsIn(folders);
        String hostExports = HostExports.of(ModalityPlugin.class.getClassLoader());
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, OsgiBundleRegistry.class.getClassLoader())
                .findFirst().orElseThrow(() -> new PluginException(
                        "no OSGi framework (org.osgi.framework.launch.FrameworkFactory) on the classpath"));
        Path storage;
        try {
            storage = Files.createTempDirectory("pulmo-osgi-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the OSGi framework's storage folder", e);
        }
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, hostExports);
        // Failures are reported as PluginProblems; the framework's and SCR's own console logging would
        // only interleave with the host's output (and break JSON on standard output).
        config.put("felix.log.level", "0");
        config.put("ds.log.enabled", "false");
        Framework framework = factory.newFramework(config);
        try {
            framework.start();
            BundleContext context = framework.getBundleContext();
            startDeclarativeServices(context);
            List<PluginProblem> problems = new ArrayList<>();
            Map<Bundle, Path> installed = install(context, jars, problems);
            List<Bundle> started = startAll(installed, problems);
            awaitDeclaredServices(started, installed, serviceTimeout, context, problems);
            List<LoadedPlugin> plugins = collect(context, started, installed, problems);
            return new OsgiBundleRegistry(framework, storage, plugins, problems);
        } catch (BundleException | RuntimeException e) {
            stop(framework, storage);
            throw e instanceof PluginException p ? p
                    : new PluginException("cannot start the embedded OSGi framework: " + e.getMessage(), e);
        }
    }

    private static List<Path> jarsIn(List<Path> folders) {
        List<Path> jars = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                        .sorted(Comparator.comparing(f -> f.getFileName().toString()))
                        .forEach(jars::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list plugin folder " + folder, e);
            }
        }
        return jars;
    }

    private static void startDeclarativeServices(BundleContext context) throws BundleException {
        List<Bundle> bundles = new ArrayList<>();
        for (String name : DS_RUNTIME_BUNDLES) {
            try (InputStream in = OsgiBundleRegistry.class.getResourceAsStream("bundles/" + name)) {
                if (in == null) {
                    throw new PluginException("the runtime jar lacks its embedded bundle " + name);
                }
                bundles.add(context.installBundle("pulmo-runtime:" + name, in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read embedded bundle " + name, e);
            }
        }
        for (Bundle b : bundles) {
            b.start();
        }
    }

    private static Map<Bundle, Path> install(BundleContext context, List<Path> jars, List<PluginProblem> problems) {
        Map<Bundle, Path> installed = new LinkedHashMap<>();
        for (Path jar : jars) {
            try (InputStream in = Files.newInputStream(jar)) {
                installed.put(context.installBundle(jar.toUri().toString(), in), jar);
            } catch (BundleException e) {
                problems.add(new PluginProblem(jar.toString(), "not an installable OSGi bundle: " + e.getMessage()
                        + (e.getCause() == null ? "" : " (" + e.getCause() + ")")));
            } catch (IOException e) {
                problems.add(new PluginProblem(jar.toString(), "cannot read: " + e));
            }
        }
        return installed;
    }

    /** Starts after installing all, so that bundles may depend on each other in any file order. */
    private static List<Bundle> startAll(Map<Bundle, Path> installed, List<PluginProblem> problems) {
        List<Bundle> started = new ArrayList<>();
        installed.forEach((bundle, jar) -> {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                return; // fragments are attached on resolution, never started
            }
            try {
                bundle.start();
                started.add(bundle);
            } catch (BundleException e) {
                problems.add(new PluginProblem(describe(bundle, jar), startFailure(e)));
            } catch (RuntimeException e) {
                problems.add(new PluginProblem(describe(bundle, jar), "failed to start: " + e));
            }
        });
        return started;
    }

    private static String startFailure(BundleException e) {
        return switch (e.getType()) {
            case BundleException.RESOLVE_ERROR -> unresolved(e.getMessage());
            case BundleException.ACTIVATOR_ERROR -> "its activator failed: "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().toString());
            default -> "failed to start: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")");
        };
    }

    /**
     * The packages the framework could not wire, then its own message without the repeated list of
     * unresolved requirements.
     */
    static String unresolved(String frameworkMessage) {
        Matcher m = MISSING_PACKAGE.matcher(frameworkMessage);
        List<String> packages = new ArrayList<>();
        while (m.find()) {
            String pkg = m.group(1) + versionRange(m.group(2));
            if (!packages.contains(pkg)) {
                packages.add(pkg);
            }
        }
        int repeat = frameworkMessage.indexOf(" Unresolved requirements:");
        String detail = repeat < 0 ? frameworkMessage : frameworkMessage.substring(0, repeat);
        return packages.isEmpty() ? "cannot be resolved: " + detail
                : "cannot be resolved: neither the host nor any bundle exports package " + String.join(", ", packages)
                        + " (" + detail + ")";
    }

    /** {@code (version>=1.0.0)(!(version>=2.0.0))} as {@code " [1.0.0,2.0.0)"}; "" when there is no bound. */
    private static String versionRange(String filter) {
        Matcher floor = Pattern.compile("(?<!!)\\(version>=([^)]+)\\)").matcher(filter);
        Matcher ceiling = Pattern.compile("!\\(version>=([^)]+)\\)").matcher(filter);
        String low = floor.find() ? floor.group(1) : null;
        String high = ceiling.find() ? ceiling.group(1) : null;
        if (low == null && high == null) {
            return "";
        }
        return " [" + (low == null ? "0.0.0" : low) + "," + (high == null ? "∞" : high) + ")";
    }

    /** Bundles whose manifest promises a ModalityPlugin service (bnd writes it from {@code @Component}). */
    private static boolean declaresPluginService(Bundle bundle) {
        String capabilities = bundle.getHeaders().get(Constants.PROVIDE_CAPABILITY);
        return capabilities != null && capabilities.contains(SERVICE);
    }

    private static void awaitDeclaredServices(List<Bundle> started, Map<Bundle, Path> installed, Duration timeout,
                                              BundleContext context, List<PluginProblem> problems) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Bundle> waiting = new ArrayList<>(started.stream().filter(OsgiBundleRegistry::declaresPluginService).toList());
        while (true) {
            waiting.removeIf(b -> !pluginServices(b).isEmpty());
            if (waiting.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Bundle b : waiting) {
            List<String> diagnosis = ComponentDiagnosis.of(context, b);
            problems.add(new PluginProblem(describe(b, installed.get(b)), "declares a " + SERVICE
                    + " service but registered none within " + timeout.toMillis() + " ms"
                    + (diagnosis.isEmpty() ? "" : ": " + String.join("; ", diagnosis))));
        }
    }

    private static List<ServiceReference<?>> pluginServices(Bundle bundle) {
        ServiceReference<?>[] registered = bundle.getRegisteredServices();
        if (registered == null) {
            return List.of();
        }
        List<ServiceReference<?>> refs = new ArrayList<>();
        for (ServiceReference<?> ref : registered) {
            if (List.of((String[]) ref.getProperty(Constants.OBJECTCLASS)).contains(SERVICE)) {
                refs.add(ref);
            }
        }
        return refs;
    }

    private static List<LoadedPlugin> collect(BundleContext context, List<Bundle> started, Map<Bundle, Path> installed,
                                              List<PluginProblem> problems) {
        List<LoadedPlugin> plugins = new ArrayList<>();
        for (Bundle bundle : started) {
            String source = describe(bundle, installed.get(bundle));
            for (ServiceReference<?> ref : pluginServices(bundle)) {
                Object service;
                try {
                    service = context.getService(ref);
                } catch (RuntimeException e) {
                    problems.add(new PluginProblem(source, "its " + SERVICE + " service failed: " + e));
                    continue;
                }
                if (service == null) {
                    List<String> diagnosis = ComponentDiagnosis.of(context, bundle);
                    problems.add(new PluginProblem(source, diagnosis.isEmpty()
                            ? "its " + SERVICE + " service could not be obtained" : String.join("; ", diagnosis)));
                } else if (!(service instanceof ModalityPlugin plugin)) {
                    problems.add(new PluginProblem(source, "its service is not the host's " + SERVICE
                            + ": the bundle must import package dev.pulmo.api.plugin, not contain its own copy"));
                } else {
                    try {
                        // the SDK calls these without guarding; a plugin that throws here is broken, say so now
                        plugin.modality();
                        plugin.categoryTable();
                        plugin.exportRule();
                        plugins.add(new LoadedPlugin(plugin, origin(bundle)));
                    } catch (RuntimeException e) {
                        problems.add(new PluginProblem(source, "its plugin throws when asked for its modality,"
                                + " categories or export rule: " + e));
                    }
                }
            }
        }
        return plugins;
    }

    private static String origin(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    private static String describe(Bundle bundle, Path jar) {
        String name = bundle.getSymbolicName() == null ? "bundle" : "bundle " + origin(bundle);
        return jar == null ? name : name + " (" + jar + ")";
    }

    @Override
    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    @Override
    public List<PluginProblem> problems() {
        return problems;
    }

    @Override
    public void close() {
        stop(framework, storage);
    }

    private static void stop(Framework framework, Path storage) {
        try {
            framework.stop();
            framework.waitForStop(Duration.ofSeconds(10).toMillis());
        } catch (BundleException e) {
            // stopping is best effort; the storage is removed regardless
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRecursively(storage);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a leftover file in the temp folder is harmless
                }
            });
        } catch (IOException e) {
            // same: best effort
        }
    }
}
