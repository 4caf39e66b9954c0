package dev.pulmo.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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
    void theHostExportsTheSdkPackagesAtTheVersionsTheirJarsDeclare() {
        String exports = HostExports.of(getClass().getClassLoader());
        // sdk-api's package-info.java files: @Version("0.1.0")
        assertThat(exports.split(",")).contains("dev.pulmo.api;version=\"0.1.0\"",
                "dev.pulmo.api.plugin;version=\"0.1.0\"", "dev.pulmo.runtime;version=\"0.1.0\"");
        assertThat(exports).doesNotContain("org.osgi", "dev.pulmo.plugin.", "uses:=");
    }
}
