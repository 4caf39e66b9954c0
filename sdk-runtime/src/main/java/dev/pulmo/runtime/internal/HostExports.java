package dev.pulmo.runtime.internal;

import dev.pulmo.runtime.PluginException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;

/**
 * The SDK packages the host exports to plugin bundles, as the {@code org.osgi.framework.system.packages.extra}
 * value. Derived from the {@code Export-Package} headers of the SDK jars on the host's classpath (bnd writes
 * them from each package's {@code @Export @Version}), so the list and the versions cannot drift from the
 * jars; a hand-written list would.
 */
final class HostExports {
    static final String SDK_PACKAGE_PREFIX = "dev.pulmo.";

    private HostExports() {
    }

    /**
     * {@code pkg;version="v",…} for every {@code dev.pulmo} package exported by a manifest visible to
     * {@code loader}; the first manifest to export a package wins.
     *
     * @throws PluginException when no manifest exports an SDK package (for instance in a shaded jar, which
     *                         keeps one manifest only)
     */
    static String of(ClassLoader loader) {
        Map<String, String> versionByPackage = new LinkedHashMap<>();
        List<URL> manifests;
        try {
            manifests = Collections.list(loader.getResources("META-INF/MANIFEST.MF"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the host's jar manifests", e);
        }
        for (URL url : manifests) {
            String header;
            try (InputStream in = url.openStream()) {
                header = new Manifest(in).getMainAttributes().getValue("Export-Package");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + url, e);
            }
            if (header != null) {
                parseExportPackage(header).forEach((pkg, version) -> {
                    if (pkg.startsWith(SDK_PACKAGE_PREFIX)) {
                        versionByPackage.putIfAbsent(pkg, version);
                    }
                });
            }
        }
        if (versionByPackage.isEmpty()) {
            throw new PluginException("no jar on the host's classpath exports a " + SDK_PACKAGE_PREFIX
                    + "* package in its manifest (Export-Package), so plugin bundles cannot import the SDK;"
                    + " run the SDK from its own jars, not a shaded jar");
        }
        List<String> clauses = new ArrayList<>();
        versionByPackage.forEach((pkg, version) ->
                clauses.add(version.isEmpty() ? pkg : pkg + ";version=\"" + version + "\""));
        return String.join(",", clauses);
    }

    /**
     * Package → version ("" when none) of an {@code Export-Package} header (OSGi Core R8 §3.6.5): clauses
     * separated by commas, each with one or more package names and then parameters, separated by semicolons;
     * quoted values may hold commas and semicolons ({@code uses:="a,b"}).
     */
    static Map<String, String> parseExportPackage(String header) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String clause : splitOutsideQuotes(header, ',')) {
            List<String> packages = new ArrayList<>();
            String version = "";
            for (String part : splitOutsideQuotes(clause, ';')) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    if (!p.isEmpty()) {
                        packages.add(p);
                    }
                } else if (p.substring(0, eq).trim().equals("version")) {
                    version = unquote(p.substring(eq + 1).trim());
                }
            }
            for (String pkg : packages) {
                result.put(pkg, version);
            }
        }
        return result;
    }

    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
