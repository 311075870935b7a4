package io.tradepost.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradepost.platform.InvalidInput;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SettlementRangeTest {

  @Test
  void aRangeWithoutTimeZoneIsSettledInUtcDays() {
    var range = SettlementRange.from(new SettlementRange.Body("2025-03-01", "2025-03-02", null));

    assertThat(range.zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(range.start()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
    assertThat(range.end()).isEqualTo(Instant.parse("2025-03-03T00:00:00Z"));
    assertThat(range.days()).isEqualTo(2);
  }

  @Test
  void jakartaDaysBeginAtFiveInTheAfternoonUtc() {
    var range = SettlementRange.from(new SettlementRange.Body("2025-03-01", "2025-03-01", "Asia/Jakarta"));

    assertThat(range.start()).isEqualTo(Instant.parse("2025-02-28T17:00:00Z"));
    assertThat(range.end()).isEqualTo(Instant.parse("2025-03-01T17:00:00Z"));
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
