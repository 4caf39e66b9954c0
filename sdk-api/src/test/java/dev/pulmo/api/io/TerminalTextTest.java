package dev.pulmo.api.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void escapeSequencesAndLineBreaksBecomeVisible() {
        assertThat(TerminalText.escape("\u001b[2J")).isEqualTo("\\x1B[2J");
        assertThat(TerminalText.escape("\u001b]0;owned\u0007title")).isEqualTo("\\x1B]0;owned\\x07title");
        assertThat(TerminalText.escape("a\nb\r\tc")).isEqualTo("a\\x0Ab\\x0D\\x09c");
        assertThat(TerminalText.escape("\u009b31m\u007f")).isEqualTo("\\x9B31m\\x7F");
        assertThat(TerminalText.escape("\u0000")).isEqualTo("\\x00");
    }

    @Test
    void bidiOverridesSeparatorsAndLoneSurrogatesAreEscaped() {
        assertThat(TerminalText.escape("abc\u202Egpj.exe")).isEqualTo("abc\\u202Egpj.exe");
        assertThat(TerminalText.escape("\u2066x\u2069\u200F\u061C")).isEqualTo("\\u2066x\\u2069\\u200F\\u061C");
        assertThat(TerminalText.escape("a\u2028b\u2029")).isEqualTo("a\\u2028b\\u2029");
        assertThat(TerminalText.escape("\uD800x\uDC00")).isEqualTo("\\uD800x\\uDC00");
    }

    @Test
    void ordinaryTextIsKeptAsItIs() {
        String korean = "결절 \uD83D\uDE00 C:\\data\\환자.json [1, 2]";
        assertThat(TerminalText.escape(korean)).isSameAs(korean);
        assertThat(TerminalText.escape(null)).isEqualTo("null");
    }
}
