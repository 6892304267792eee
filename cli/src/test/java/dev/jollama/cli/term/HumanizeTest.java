package dev.jollama.cli.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HumanizeTest {

    @Test
    void bytesAsOllamaShowsThem() {
        assertThat(Humanize.bytes(512)).isEqualTo("512 B");
        assertThat(Humanize.bytes(1000)).isEqualTo("1 KB");
        assertThat(Humanize.bytes(1024)).isEqualTo("1.0 KB");
        assertThat(Humanize.bytes(1_500_000)).isEqualTo("1.5 MB");
        assertThat(Humanize.bytes(38_100_000)).isEqualTo("38 MB");
        assertThat(Humanize.bytes(4_661_224_676L)).isEqualTo("4.7 GB");
        assertThat(Humanize.bytes(2_000_000_000_000L)).isEqualTo("2 TB");
    }

    @Test
    void parameterCounts() {
        assertThat(Humanize.number(260_000)).isEqualTo("260K");
        assertThat(Humanize.number(7_615_616_512L)).isEqualTo("7.6B");
        assertThat(Humanize.number(8_000_000_000L)).isEqualTo("8B");
        assertThat(Humanize.number(1_240_000)).isEqualTo("1.24M");
        assertThat(Humanize.number(999)).isEqualTo("999");
    }

    @Test
    void relativeTimes() {
        Instant now = Instant.parse("2025-01-10T12:00:00Z");
        assertThat(at(now, Duration.ofHours(-24))).isEqualTo("24 hours ago");
        assertThat(at(now, Duration.ofHours(-48))).isEqualTo("2 days ago");
        assertThat(at(now, Duration.ofSeconds(-30))).isEqualTo("30 seconds ago");
        assertThat(at(now, Duration.ofSeconds(-90))).isEqualTo("About a minute ago");
        assertThat(at(now, Duration.ofMinutes(-59))).isEqualTo("59 minutes ago");
        assertThat(at(now, Duration.ofDays(-20))).isEqualTo("2 weeks ago");
        assertThat(at(now, Duration.ofDays(-90))).isEqualTo("3 months ago");
        assertThat(at(now, Duration.ofDays(-800))).isEqualTo("2 years ago");
        assertThat(at(now, Duration.ofMinutes(4).plusSeconds(59))).isEqualTo("4 minutes from now");
        assertThat(at(now, Duration.ofDays(365L * 300))).isEqualTo("Forever");
        assertThat(Humanize.time(null, "Never", now)).isEqualTo("Never");
    }

    private static String at(Instant now, Duration offset) {
        return Humanize.time(OffsetDateTime.ofInstant(now.plus(offset), ZoneOffset.UTC), "Never", now);
    }

    @Test
    void progressBarLayout() {
        ProgressBar done = new ProgressBar("pulling 0123456789ab:", 1_000_000, 1_000_000);
        String line = done.render(80);
        assertThat(line).startsWith("pulling 0123456789ab: 100% ▕").endsWith("▏   1 MB" + " ".repeat(25));
        assertThat(Width.of(line)).as("one column short of the edge, as Ollama draws it").isEqualTo(79);
        ProgressBar half = new ProgressBar("pulling x:", 2_000_000, 0);
        half.set(1_000_000);
        assertThat(half.render(80)).startsWith("pulling x:  50% ▕").contains("  1 MB/  2 MB");
        assertThat(ProgressBar.eta(45)).isEqualTo("45s");
        assertThat(ProgressBar.eta(200)).isEqualTo("3m20s");
        assertThat(ProgressBar.eta(7500)).isEqualTo("2h5m");
        assertThat(ProgressBar.eta(400_000)).isEqualTo("99h+");
    }
}
