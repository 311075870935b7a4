package io.tradepost.catalog.events;

import static io.tradepost.catalog.events.TestEvents.anEvent;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The per-event answers of a group sent to Kafka: each waits for the acknowledgement of what it stored. */
class FreshEventsTest {

  @Test
  void aRepeatedEventIdIsAnsweredWhenItsFirstEventIsAcknowledgedAndAStoredOneAtOnce() {
    var events = List.of(
        anEvent("p1").withEventId("a").withStock(1).build(),
        anEvent("p2").withEventId("stored-before").withStock(2).build(),
        anEvent("p1").withEventId("a").withStock(3).build(),
        anEvent("p3").withStock(4).build());
    var fresh = new FreshEvents(events, Map.of("stored-before", 7L));
    var firstAcknowledged = new CompletableFuture<Void>();
    var secondAcknowledged = new CompletableFuture<Void>();

    var answers = fresh.appendedWhen(100, List.of(firstAcknowledged, secondAcknowledged));

    assertThat(fresh.toStore()).hasSize(2);
    assertThat(answers.get(1)).isCompletedWithValue(new EventTransport.Appended(7, true));
    assertThat(answers.get(0)).isNotDone();
    assertThat(answers.get(2)).isNotDone();
    assertThat(answers.get(3)).isNotDone();

    firstAcknowledged.complete(null);
    assertThat(answers.get(0)).isCompletedWithValue(new EventTransport.Appended(100, false));
    assertThat(answers.get(2)).isCompletedWithValue(new EventTransport.Appended(100, true));
    assertThat(answers.get(3)).isNotDone();

    secondAcknowledged.completeExceptionally(new IllegalStateException("not acknowledged"));
    assertThat(answers.get(3)).isCompletedExceptionally();
  }
}
