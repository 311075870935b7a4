package io.tradepost.catalog.events;

import io.tradepost.support.OnPostgres;
import org.springframework.test.context.TestPropertySource;

@OnPostgres
@TestPropertySource(properties = "tradepost.events.appliers=1")
class EventOrderingOnPostgresOneApplierIT extends EventOrderingContract {}
