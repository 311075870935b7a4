package io.tradepost.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradepost.platform.Conflict;
import org.junit.jupiter.api.Test;

class JobStatusTest {

  @Test
  void aQueuedJobMayRunOrBeCancelled() {
    assertThat(JobStatus.QUEUED.transitionTo(JobStatus.RUNNING)).isEqualTo(JobStatus.RUNNING);
    assertThat(JobStatus.QUEUED.transitionTo(JobStatus.CANCELLED)).isEqualTo(JobStatus.CANCELLED);
    assertThat(JobStatus.QUEUED.canBecome(JobStatus.COMPLETED)).isFalse();
  }

  @Test
  void aRunningJobEndsCompletedFailedOrCancelled() {
    assertThat(JobStatus.RUNNING.canBecome(JobStatus.COMPLETED)).isTrue();
    assertThat(JobStatus.RUNNING.canBecome(JobStatus.FAILED)).isTrue();
    assertThat(JobStatus.RUNNING.canBecome(JobStatus.CANCELLED)).isTrue();
    assertThat(JobStatus.RUNNING.canBecome(JobStatus.QUEUED)).isFalse();
  }

  @Test
  void cancellingAFinishedJobIsRejected() {
    for (var finished : new JobStatus[] {JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED}) {
      assertThat(finished.isFinished()).isTrue();
      assertThatThrownBy(() -> finished.transitionTo(JobStatus.CANCELLED))
          .isInstanceOf(Conflict.class)
          .hasMessageContaining(finished + " cannot become CANCELLED")
          .extracting(e -> ((Conflict) e).code()).isEqualTo("INVALID_STATE_TRANSITION");
    }
  }
}
