package io.tradepost.catalog.events;

import io.tradepost.support.OnKafka;
import io.tradepost.support.OnPostgres;
import org.springframework.test.context.TestPropertySource;

@OnPostgres
@OnKafka
@TestPropertySource(properties = "tradepost.events.appliers=1")
class EventOrderingOnPostgresKafkaOneConsumerIT extends EventOrderingContract {}
