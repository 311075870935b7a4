package io.tradepost.catalog.events;

import io.tradepost.support.OnKafka;

/**
 * {@link EventBackpressureIT} through Kafka: the same limits give the same 503s, and every acknowledged
 * event is applied (stored in product_events as it is applied; nothing is ever pending there).
 */
@OnKafka
class EventBackpressureOnKafkaIT extends EventBackpressureIT {}
