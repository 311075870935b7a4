package io.tradepost.catalog.events;

import io.tradepost.support.OnKafka;
import io.tradepost.support.OnH2;

@OnH2
@OnKafka
class EventOrderingOnH2KafkaIT extends EventOrderingContract {}
