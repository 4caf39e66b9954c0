package dev.pulmo.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.testing.SharedData;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HostExportsTest {

    @Test
    void parsesClausesWithSharedAttributesAndQuotedCommas() {
        assertThat(HostExports.parseExportPackage(
                "a.b;version=\"1.2.0\";uses:=\"x.y,z.w\",c.d;e.f;version=2.0, g.h;mandatory:=\"version\""))
                .containsExactly(Map.entry("a.b", "1.2.0"), Map.entry("c.d", "2.0"), Map.entry("e.f", "2.0"),
                        Map.entry("g.h", ""));
    }

    @Test
    void theHostExportsTheSdkPackagesAtTheVersionsTheirJarsDeclare() throws Exception {
        String exports = HostExports.of(getClass().getClassLoader());
        assertThat(exports.split(",")).contains(
                "dev.pulmo.api;version=\"" + sourceVersion("sdk-api", "dev/pulmo/api") + "\"",
                "dev.pulmo.api.plugin;version=\"" + sourceVersion("sdk-api", "dev/pulmo/api/plugin") + "\"",
                "dev.pulmo.runtime;version=\"" + sourceVersion("sdk-runtime", "dev/pulmo/runtime") + "\"");
        assertThat(exports).doesNotContain("org.osgi", "dev.pulmo.plugin.", "uses:=");
    }

    /** The {@code @Version} a package-info.java of the sources declares (what bnd puts into the jar's manifest). */
    private static String sourceVersion(String module, String packagePath) throws Exception {
        String source = Files.readString(SharedData.repositoryRoot().resolve(module).resolve("src/main/java")
                .resolve(packagePath).resolve("package-info.java"));
        Matcher m = Pattern.compile("@Version\\(\"([^\"]+)\"\\)").matcher(source);
        assertThat(m.find()).as(packagePath).isTrue();
        return m.group(1);
    }
}
