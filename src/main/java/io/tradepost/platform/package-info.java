/** Errors, web configuration, health, metrics, SQL dialects, time and money: used by every module, uses none. */
@Tables
@ApplicationModule(allowedDependencies = {})
package io.tradepost.platform;

import org.springframework.modulith.ApplicationModule;
