package io.tradepost.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChartHistoryTest {

  @Test
  void theChartsKeepTheNewestPointsOldestFirst() {
    var history = new ChartHistory(3);
    for (int t = 1; t <= 5; t++) {
      history.add(t * 10L, t, t * 2, 0, 0, t * 100, 0.5);
    }

    var columns = history.columns();
    assertThat(columns.get("time")).containsExactly(30L, 40L, 50L);
    assertThat(columns.get("orders_per_minute")).containsExactly(3f, 4f, 5f);
    assertThat(columns.get("backlog")).containsExactly(300f, 400f, 500f);
    assertThat(history.newest()).isEqualTo(List.of(50L, 5f, 10f, 0f, 0f, 500f, 0.5f));
  }

  @Test
  void beforeTheFirstSampleTheChartsAreEmpty() {
    var history = new ChartHistory(360);

    assertThat(history.columns().get("time")).isEmpty();
    assertThat(history.newest()).isEmpty();
  }
}
