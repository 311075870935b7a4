package io.tradepost.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradepost.platform.InvalidInput;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SettlementRangeTest {

  @Test
  void aRangeWithoutTimeZoneIsSettledInUtcDays() {
    var range = SettlementRange.from(new SettlementRange.Body("2025-03-01", "2025-03-02", null));

    assertThat(range.zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(range.start()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
    assertThat(range.end()).isEqualTo(Instant.parse("2025-03-03T00:00:00Z"));
    assertThat(range.chunks(1)).hasSize(2);
  }

  @Test
  void jakartaDaysBeginAtFiveInTheAfternoonUtc() {
    var range = SettlementRange.from(new SettlementRange.Body("2025-03-01", "2025-03-01", "Asia/Jakarta"));

    assertThat(range.chunks(1)).singleElement().satisfies(chunk -> {
      assertThat(chunk.start()).isEqualTo(Instant.parse("2025-02-28T17:00:00Z"));
      assertThat(chunk.end()).isEqualTo(Instant.parse("2025-03-01T17:00:00Z"));
    });
  }

  @Test
  void aDayOfTwentyThreeHoursIsSplitIntoPartsThatCoverItExactly() {
    var range = new SettlementRange(LocalDate.parse("2025-03-30"), LocalDate.parse("2025-03-30"),
        ZoneId.of("Europe/Berlin"));

    var parts = range.chunks(4);

    assertThat(parts).hasSize(4);
    assertThat(parts.get(0).start()).isEqualTo(Instant.parse("2025-03-29T23:00:00Z"));
    assertThat(parts.get(3).end()).isEqualTo(Instant.parse("2025-03-30T22:00:00Z"));
    for (int i = 1; i < parts.size(); i++) {
      assertThat(parts.get(i).start()).isEqualTo(parts.get(i - 1).end());
      assertThat(Duration.between(parts.get(i).start(), parts.get(i).end())).isEqualTo(Duration.ofMinutes(345));
    }
  }

  @Test
  void aYearOf366DaysIsTheLongestRange() {
    assertThat(SettlementRange.from(new SettlementRange.Body("2024-01-01", "2024-12-31", null)).days()).isEqualTo(366);
    assertThatThrownBy(() -> SettlementRange.from(new SettlementRange.Body("2024-01-01", "2025-01-01", null)))
        .isInstanceOf(InvalidInput.class).hasMessageContaining("366");
  }

  @Test
  void everyBadFieldIsReportedAtOnce() {
    assertThatThrownBy(() -> SettlementRange.from(new SettlementRange.Body("2025-02-30", 20250301, "Moon/Base")))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors())
            .extracting(InvalidInput.FieldError::field).containsExactly("from", "to", "timezone"));
    assertThatThrownBy(() -> SettlementRange.from(new SettlementRange.Body("2025-03-02", "2025-03-01", null)))
        .isInstanceOf(InvalidInput.class).hasMessageContaining("must not be before from");
  }
}
