package io.tradepost.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@link OnH2} or {@link OnPostgres}: events travel through the suite's embedded Kafka broker
 * ({@link EmbeddedBroker}) instead of the inbox table.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@TestPropertySource(properties = "tradepost.events.transport=kafka")
@ContextConfiguration(initializers = EmbeddedBroker.Initializer.class)
public @interface OnKafka {}
