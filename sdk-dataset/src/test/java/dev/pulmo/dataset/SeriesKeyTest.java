package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The order of series and sequence numbers in the layout's names: numbers first, numerically, then text. */
class SeriesKeyTest {

    /** The order as the layout states it: numbers Long.parseLong reads (1 to 17 digits), by value, then as text. */
    private static int expected(String a, String b) {
        boolean an = a.length() > 0 && a.length() < 18 && a.chars().allMatch(Character::isDigit);
        boolean bn = b.length() > 0 && b.length() < 18 && b.chars().allMatch(Character::isDigit);
        if (an && bn) {
            int c = Long.compare(Long.parseLong(a), Long.parseLong(b));
            return c != 0 ? c : a.compareTo(b);
        }
        return an ? -1 : bn ? 1 : a.compareTo(b);
    }

    @Test
    void numbersComeFirstInNumericOrderWithLeadingZerosAndOtherScriptsDigits() {
        assertThat(SeriesKey.compareNumbersFirst("2", "10")).isNegative();
        assertThat(SeriesKey.compareNumbersFirst("010", "9")).isPositive();
        assertThat(SeriesKey.compareNumbersFirst("007", "7")).isNegative(); // equal values: as text
        assertThat(SeriesKey.compareNumbersFirst("000", "0")).isPositive(); // equal values: as text, the prefix first
        assertThat(SeriesKey.compareNumbersFirst("99", "a")).isNegative();
        assertThat(SeriesKey.compareNumbersFirst("12345678901234567", "123456789012345678")).isNegative(); // 18 digits: text
        String[] alphabet = {"0", "0", "1", "5", "9", "a", "\u0663", "-"};
        Random random = new Random(20261207);
        for (int i = 0; i < 200_000; i++) {
            String a = randomName(random, alphabet);
            String b = random.nextInt(10) == 0 ? a : randomName(random, alphabet);
            assertThat(Integer.signum(SeriesKey.compareNumbersFirst(a, b))).as("%s vs %s", a, b)
                    .isEqualTo(Integer.signum(expected(a, b)));
        }
    }

    private static String randomName(Random random, String[] alphabet) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(4) == 0 ? 16 + random.nextInt(4) : random.nextInt(5);
        for (int i = 0; i < length; i++) {
            // mostly digits, so that most pairs are two numbers
            s.append(random.nextInt(8) == 0 ? alphabet[random.nextInt(alphabet.length)] : alphabet[random.nextInt(5)]);
        }
        return s.toString();
    }
}
