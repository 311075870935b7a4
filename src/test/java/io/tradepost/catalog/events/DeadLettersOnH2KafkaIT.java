package io.tradepost.catalog.events;

import io.tradepost.support.OnH2;
import io.tradepost.support.OnKafka;

@OnH2
@OnKafka
class DeadLettersOnH2KafkaIT extends DeadLettersContract {}
