package io.tradepost.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SettlementPlanTest {

  private static final SettlementRange NOVEMBER = new SettlementRange(LocalDate.parse("2026-11-01"),
      LocalDate.parse("2026-11-30"), ZoneId.of("UTC"));

  @Test
  void aMillionTransactionsOverThirtyQuietDaysAreFourChunksNotThirty() {
    var perDay = new long[30];
    Arrays.fill(perDay, 33_333);

    var plan = SettlementPlan.of(perDay, 250_000);

    assertThat(plan.text()).isEqualTo("8d 8d 8d 6d");
    var chunks = plan.chunks(NOVEMBER);
    assertThat(chunks).hasSize(4);
    assertThat(chunks.get(0).start()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(chunks.get(0).end()).isEqualTo(chunks.get(1).start()).isEqualTo(Instant.parse("2026-11-09T00:00:00Z"));
    assertThat(chunks.get(3).lastDay()).isEqualTo(LocalDate.parse("2026-11-30"));
  }

  @Test
  void aBusyDayIsSplitAndTheQuietDaysAroundItAreGrouped() {
    var perDay = new long[30];
    Arrays.fill(perDay, 1_000);
    perDay[10] = 600_000;

    var plan = SettlementPlan.of(perDay, 250_000);

    assertThat(plan.text()).isEqualTo("10d 3p 19d");
    var chunks = plan.chunks(NOVEMBER);
    assertThat(chunks).extracting(SettlementPlan.Chunk::index).containsExactly(0, 1, 2, 3, 4);
    assertThat(chunks.subList(1, 4)).allSatisfy(part -> {
      assertThat(part.oneDay()).isTrue();
      assertThat(part.firstDay()).isEqualTo(LocalDate.parse("2026-11-11"));
      assertThat(Duration.between(part.start(), part.end())).isEqualTo(Duration.ofHours(8));
    });
  }

  @Test
  void aLongQuietRangeIsCutEveryMonthSoNoDayExpressionGrowsWithoutBound() {
    var year = new SettlementRange(LocalDate.parse("2024-01-01"), LocalDate.parse("2024-12-31"), ZoneId.of("UTC"));

    var plan = SettlementPlan.of(new long[366], 250_000);

    assertThat(plan.chunks(year)).hasSize(12).allSatisfy(chunk ->
        assertThat(chunk.lastDay().toEpochDay() - chunk.firstDay().toEpochDay()).isLessThan(31));
  }

  @Test
  void aStoredPlanGivesTheSameChunksBackAndDaysOfTwentyThreeHoursAreCoveredExactly() {
    var berlin = new SettlementRange(LocalDate.parse("2025-03-29"), LocalDate.parse("2025-03-31"),
        ZoneId.of("Europe/Berlin"));
    var plan = SettlementPlan.of(new long[] {10, 1_000, 10}, 400);

    var stored = SettlementPlan.parse(plan.text());

    assertThat(stored).isEqualTo(plan);
    assertThat(stored.text()).isEqualTo("1d 3p 1d");
    var chunks = stored.chunks(berlin);
    assertThat(chunks.get(1).start()).isEqualTo(Instant.parse("2025-03-29T23:00:00Z"));
    assertThat(chunks.get(3).end()).isEqualTo(Instant.parse("2025-03-30T22:00:00Z"));
    for (int i = 1; i < chunks.size(); i++) {
      assertThat(chunks.get(i).start()).isEqualTo(chunks.get(i - 1).end());
    }
    assertThat(Duration.between(chunks.get(1).start(), chunks.get(1).end())).isEqualTo(Duration.ofMinutes(460));
  }
}
