/** The seed command: fills a database with products, orders and ledger transactions. */
@ApplicationModule(allowedDependencies = {"catalog", "orders", "ledger", "platform"})
package io.tradepost.seeding;

import org.springframework.modulith.ApplicationModule;
