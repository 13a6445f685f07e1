package dev.freshet.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path must give exactly what {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} gives, or step aside. */
class IsoTimestampsTest {

    /** The formatter's answer: the instant, or null if it refuses the text. */
    private static Instant formatter(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Instant parse(String text) {
        try {
            return IsoTimestamps.parse(text);
        } catch (DateTimeException e) {
            return null;
        }
    }

    @Test
    void agreesWithTheFormatterOnRandomTimestampsOffsetsAndPrecisions() {
        Random random = new Random(11);
        DateTimeFormatter[] printers = {
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX"),
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX"),
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX"),
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX"),
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SXXX"),
            DateTimeFormatter.ISO_OFFSET_DATE_TIME};
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L - 86_400),
                    random.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(-18 * 60, 18 * 60 + 1)) * 60);
            String text = printers[random.nextInt(printers.length)].format(instant.atOffset(offset));
            assertThat(IsoTimestamps.parseCanonical(text)).as(text).isEqualTo(formatter(text));
        }
    }

    @Test
    void theCommonShapesTakeTheFastPath() {
        for (String text : List.of("2026-01-31T12:00:00Z", "2026-01-31T12:00:00.123Z", "2026-01-31T12:00:00+05:30",
                "2026-01-31T12:00:00.123456789-08:00", "2024-02-29T23:59:59.9Z")) {
            assertThat(IsoTimestamps.parseCanonical(text)).as(text).isNotNull().isEqualTo(formatter(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-01-31T12:00Z", "2026-01-31t12:00:00z", "2026-01-31T12:00:00+05:30:15", "2026-01-31T12:00:00+0530",
        "2026-01-31T12:00:00.Z", "2026-01-31T12:00:00.1234567891Z", "+12026-01-31T12:00:00Z", "2026-02-30T12:00:00Z",
        "2025-02-29T12:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z",
        "2026-01-31T24:00:00Z", "2026-01-31T23:60:00Z", "2026-12-31T23:59:60Z", "2026-01-31T12:00:00+19:00",
        "2026-01-31T12:00:00+18:01", "2026-01-31T12:00:00-18:00", "2026-01-31T12:00:00+05:60", "2026-01-31T12:00:00",
        "2026-01-31 12:00:00Z", "2026-1-31T12:00:00Z", "2026-01-31T12:00:00ZZ", "2026-01-31T12:00:00+05:30 ",
        " 2026-01-31T12:00:00Z", "2026-01-31T12:00:00.12a Z", "０２０２６-01-31T12:00:00Z", "2026-01-31T12:00:00-00:00",
        "0000-01-01T00:00:00Z", ""})
    void edgeCasesGetTheFormattersAnswer(String text) {
        assertThat(parse(text)).as(text).isEqualTo(formatter(text));
    }
}
