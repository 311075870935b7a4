package io.tradepost.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyncRunStatusTest {

  @Test
  void aRunningRunEndsSucceededPartialOrFailed() {
    assertThat(SyncRunStatus.RUNNING.transitionTo(SyncRunStatus.SUCCEEDED)).isEqualTo(SyncRunStatus.SUCCEEDED);
    assertThat(SyncRunStatus.RUNNING.canBecome(SyncRunStatus.PARTIAL)).isTrue();
    assertThat(SyncRunStatus.RUNNING.canBecome(SyncRunStatus.FAILED)).isTrue();
    assertThat(SyncRunStatus.RUNNING.canBecome(SyncRunStatus.SKIPPED)).isFalse();
  }

  @Test
  void aFinishedRunCannotChangeAgain() {
    for (var finished : new SyncRunStatus[] {SyncRunStatus.SUCCEEDED, SyncRunStatus.PARTIAL,
        SyncRunStatus.FAILED, SyncRunStatus.SKIPPED}) {
      assertThat(finished.isFinished()).isTrue();
      assertThatThrownBy(() -> finished.transitionTo(SyncRunStatus.RUNNING))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot become RUNNING");
    }
  }
}
